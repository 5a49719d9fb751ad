//! The per-API table. Keep it sorted by name; the tests in the parent module
//! check that and the other invariants.

use super::{
    Api, CallerAction, CallerGrant, Field, Follow, FollowAction, ImageUse, LogGroup, LookupScope,
    OutputUse, Pins, RequestKey, RoleGrant, RunsUnder, SelfLookup, TrustScope, VolumeKey,
};

const JOB_FIELDS: &[Field] = &[
    Field::Inputs,
    Field::Outputs,
    Field::Images,
    Field::Vpc,
    Field::Kms,
];
/// The keys of the job-like create calls. Service Authorization Reference,
/// Amazon SageMaker AI: CreateTrainingJob, CreateProcessingJob,
/// CreateHyperParameterTuningJob, CreateAutoMLJob, CreateAutoMLJobV2,
/// CreateMonitoringSchedule and the Create...JobDefinition calls of Model
/// Monitor each list sagemaker:VpcSubnets, sagemaker:VpcSecurityGroupIds,
/// sagemaker:VolumeKmsKeyArn and sagemaker:OutputKmsKeyArn (the parent
/// module's tests check each entry against the data).
const JOB_KEYS: &[RequestKey] = &[
    RequestKey::VpcSubnets,
    RequestKey::VpcSecurityGroupIds,
    RequestKey::VolumeKmsKeyArn,
    RequestKey::OutputKmsKeyArn,
];

const AUTOML_ROLE_ACTIONS: &[CallerAction] = &[
    CallerAction {
        action: "sagemaker:CreateEndpoint",
        resource_types: &["endpoint", "endpoint-config"],
    },
    CallerAction {
        action: "sagemaker:CreateEndpointConfig",
        resource_types: &["endpoint-config"],
    },
    CallerAction {
        action: "sagemaker:CreateModel",
        resource_types: &["model"],
    },
    CallerAction {
        action: "sagemaker:DeleteEndpoint",
        resource_types: &["endpoint"],
    },
    CallerAction {
        action: "sagemaker:DeleteEndpointConfig",
        resource_types: &["endpoint-config"],
    },
    CallerAction {
        action: "sagemaker:DeleteModel",
        resource_types: &["model"],
    },
    CallerAction {
        action: "sagemaker:DescribeEndpoint",
        resource_types: &["endpoint"],
    },
    CallerAction {
        action: "sagemaker:DescribeEndpointConfig",
        resource_types: &["endpoint-config"],
    },
    CallerAction {
        action: "sagemaker:DescribeModel",
        resource_types: &["model"],
    },
    CallerAction {
        action: "sagemaker:InvokeEndpoint",
        resource_types: &["endpoint"],
    },
];

/// Where AutoML's work logs: its candidates are training, processing and
/// transform jobs (SageMaker API Reference, AutoMLCandidateStep,
/// CandidateStepType), which log to the groups of their kinds, and the
/// endpoint of a one-click deployment (ModelDeployConfig) logs to a group of
/// its own (SageMaker Developer Guide, "Log groups and streams that Amazon
/// SageMaker AI sends to Amazon CloudWatch Logs"). AWS documents neither the
/// jobs' names nor a generated endpoint's, so any stream of those groups.
pub const AUTOML_LOG_GROUPS: &[&str] = &[
    "/aws/sagemaker/Endpoints/*",
    "/aws/sagemaker/ProcessingJobs",
    "/aws/sagemaker/TrainingJobs",
    "/aws/sagemaker/TransformJobs",
];

const AUTOML_INFERRED: &str = "AWS's AutoML policy grants its S3, ECR, logs and sagemaker actions on \"*\"; sagerole narrows S3 to the declared paths, logs to the groups of its candidates' job kinds and of endpoints (AutoML names its jobs itself), the model and endpoint actions to their resource types, and PassRole to the role itself";

/// A Model Monitor job definition: like a monitoring schedule, its role runs
/// the processing jobs of the checks (model-monitor-byoc-containers), and
/// AWS publishes no policy for it.
const fn monitoring_job_definition(
    name: &'static str,
    summary: &'static str,
    source: &'static str,
    create: &'static [CallerAction],
    manage: &'static [CallerAction],
) -> Api {
    Api {
        name,
        summary,
        source,
        noun: "monitoring job definition",
        runs_under: RunsUnder::OwnRole,
        fields: JOB_FIELDS,
        required: &[Field::Inputs, Field::Outputs, Field::Images],
        trust: TrustScope::SourceAccountOnly,
        log_group: Some(LogGroup::SharedAnyStream("/aws/sagemaker/ProcessingJobs")),
        max_name_len: 63,
        create,
        manage,
        request_keys: JOB_KEYS,
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS publishes no execution-role policy for monitoring; the role gets what the processing jobs it runs take, with the processing log group's streams unscoped because the service names the executions",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    }
}

const MODEL_PACKAGE_INFERRED: &str = "AWS does not document the ARN IAM evaluates for CreateModelPackage in a group; sagerole grants it on the group's versions, model-package/<group>/*, the form AWS names them in";

pub static APIS: &[Api] = &[
    // CreateApp takes no role (Service Authorization Reference: CreateApp
    // depends only on AddTags): an app runs under the role of its space, or of
    // the user profile whose Studio Classic app it is (API_CreateApp: SpaceName
    // or UserProfileName). The app ARN is
    // app/${DomainId}/${UserProfileName}/${AppType}/${AppName}, its third part
    // the space's name for space apps (Service Authorization Reference). The
    // domain's KMS key is checked when an app is created (execution-roles page,
    // "CreateDomain and CreateUserProfile"): that grant sits on the domain's
    // role.
    Api {
        name: "CreateApp",
        summary: "Studio app, in a space or (Studio Classic) of a user profile; it runs under that space's or profile's role",
        source: "SageMaker API Reference, CreateApp; SageMaker Developer Guide, domain-space; SageMaker Developer Guide, 'Give your users access to spaces'; Service Authorization Reference, Amazon SageMaker AI: CreateApp",
        noun: "app",
        runs_under: RunsUnder::AppHost,
        fields: &[Field::Domain, Field::Space, Field::Owner, Field::AppTypes],
        required: &[Field::Domain],
        trust: TrustScope::AccountWide,
        log_group: None,
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:CreateApp", resource_types: &["app"] }],
        manage: &[
            CallerAction { action: "sagemaker:DeleteApp", resource_types: &["app"] },
            CallerAction { action: "sagemaker:DescribeApp", resource_types: &["app"] },
        ],
        // An app of a private space is pinned to its space's owner and
        // sharing type, any other app to carry no owner, as "Give your users
        // access to spaces" pins them (RequestKey::AppSpaceOwner). The page
        // pins DeleteApp in the same statements as CreateApp, and the
        // Service Authorization Reference lists the same two keys for
        // DeleteApp (sagemaker:OwnerUserProfileArn,
        // sagemaker:SpaceSharingType): a user does not delete the apps of
        // another user's private space.
        request_keys: &[RequestKey::AppSpaceOwner, RequestKey::AppSpacePrivate],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[Pins {
            action: "sagemaker:DeleteApp",
            keys: &[RequestKey::AppSpaceOwner, RequestKey::AppSpacePrivate],
            unpinned: &[],
            absent_keeps: false,
        }],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // The execution-roles page, "CreateAutoMLJob and CreateAutoMLJobV2 API:
    // Execution Role Permissions": S3, logs, metrics, and, because AutoML
    // deploys the models it builds, model/endpoint-config/endpoint actions and
    // PassRole; VPC and the three KMS add-ons. AutoML uses AWS's own containers
    // (no images). The confused-deputy page does not list AutoML. Service
    // Authorization Reference: automl-job* with the KMS and VPC keys. An AutoML
    // job name is at most 32 characters (API_CreateAutoMLJob).
    Api {
        name: "CreateAutoMLJob",
        summary: "AutoML job (V1); it trains, and may deploy, models under its own role",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateAutoMLJob and CreateAutoMLJobV2 API; Service Authorization Reference, Amazon SageMaker AI: CreateAutoMLJob",
        noun: "AutoML job",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Inputs, Field::Outputs, Field::Vpc, Field::Kms],
        required: &[Field::Inputs, Field::Outputs],
        trust: TrustScope::SourceAccountOnly,
        log_group: Some(LogGroup::ServiceNamed(AUTOML_LOG_GROUPS)),
        max_name_len: 32,
        create: &[CallerAction { action: "sagemaker:CreateAutoMLJob", resource_types: &["automl-job"] }],
        manage: &[
            CallerAction { action: "sagemaker:DescribeAutoMLJob", resource_types: &["automl-job"] },
            CallerAction { action: "sagemaker:StopAutoMLJob", resource_types: &["automl-job"] },
        ],
        request_keys: JOB_KEYS,
        passes_own_role: true,
        role_actions: AUTOML_ROLE_ACTIONS,
        inferred: AUTOML_INFERRED,
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::ReadBack,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // As CreateAutoMLJob (same execution-roles section, same keys in the
    // Service Authorization Reference).
    Api {
        name: "CreateAutoMLJobV2",
        summary: "AutoML job (V2); it trains, and may deploy, models under its own role",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateAutoMLJob and CreateAutoMLJobV2 API; Service Authorization Reference, Amazon SageMaker AI: CreateAutoMLJobV2",
        noun: "AutoML job",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Inputs, Field::Outputs, Field::Vpc, Field::Kms],
        required: &[Field::Inputs, Field::Outputs],
        trust: TrustScope::SourceAccountOnly,
        log_group: Some(LogGroup::ServiceNamed(AUTOML_LOG_GROUPS)),
        max_name_len: 32,
        create: &[CallerAction { action: "sagemaker:CreateAutoMLJobV2", resource_types: &["automl-job"] }],
        manage: &[
            CallerAction { action: "sagemaker:DescribeAutoMLJobV2", resource_types: &["automl-job"] },
            CallerAction { action: "sagemaker:StopAutoMLJob", resource_types: &["automl-job"] },
        ],
        request_keys: JOB_KEYS,
        passes_own_role: true,
        role_actions: AUTOML_ROLE_ACTIONS,
        inferred: AUTOML_INFERRED,
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::ReadBack,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // CreateCompilationJob (SageMaker Neo) reads model artifacts from S3
    // (InputConfig.S3Uri) and writes the compiled model (OutputConfig), with
    // AWS's compiler containers. AWS publishes no execution-role policy for it:
    // the training baseline narrowed to the declared paths. Logs:
    // /aws/sagemaker/CompilationJobs, streams named after the job (the
    // CloudWatch Logs page). Confused-deputy page: compilation-job/*, or one
    // compilation job's ARN. Service
    // Authorization Reference: no request keys.
    Api {
        name: "CreateCompilationJob",
        summary: "compilation job (SageMaker Neo)",
        source: "SageMaker API Reference, CreateCompilationJob; SageMaker Developer Guide, 'Cross-service confused deputy prevention': Neo; Service Authorization Reference, Amazon SageMaker AI: CreateCompilationJob",
        noun: "compilation job",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Inputs, Field::Outputs, Field::Vpc, Field::Kms],
        required: &[Field::Inputs, Field::Outputs],
        trust: TrustScope::JobKind {
            kind: "compilation-job/*",
            one: Some("compilation-job/{name}"),
        },
        log_group: Some(LogGroup::Shared("/aws/sagemaker/CompilationJobs")),
        max_name_len: 63,
        create: &[CallerAction {
            action: "sagemaker:CreateCompilationJob",
            resource_types: &["compilation-job"],
        }],
        manage: &[
            CallerAction { action: "sagemaker:DescribeCompilationJob", resource_types: &["compilation-job"] },
            CallerAction { action: "sagemaker:StopCompilationJob", resource_types: &["compilation-job"] },
        ],
        request_keys: &[],
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS publishes no execution-role policy for CreateCompilationJob: S3 on the declared paths, logs, metrics and the VPC and KMS add-ons, as for training",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: true,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    monitoring_job_definition(
        "CreateDataQualityJobDefinition",
        "data quality monitoring job definition",
        "SageMaker Developer Guide, 'Support for Your Own Containers With Amazon SageMaker Model Monitor'; Service Authorization Reference, Amazon SageMaker AI: CreateDataQualityJobDefinition",
        &[CallerAction { action: "sagemaker:CreateDataQualityJobDefinition", resource_types: &["data-quality-job-definition"] }],
        &[CallerAction { action: "sagemaker:DescribeDataQualityJobDefinition", resource_types: &["data-quality-job-definition"] }],
    ),
    // CreateDomain: the domain's default execution role
    // (DefaultUserSettings.ExecutionRole), which every user profile without a
    // role of its own inherits, and the default space role of shared spaces
    // (DefaultSpaceSettings.ExecutionRole). Studio roles read and write the
    // team's data and may launch workloads. A customer managed key for the
    // domain (KmsKeyId) needs kms:CreateGrant and kms:DescribeKey on the role
    // (execution-roles page, "CreateDomain and CreateUserProfile"). Logs:
    // /aws/sagemaker/studio, streams named after domain ids. Confused-deputy
    // page: Studio trust must stay account-wide. Domains are named by generated
    // ids, so callers get CreateDomain on domain/* (Service Authorization
    // Reference: domain/${DomainId}).
    Api {
        name: "CreateDomain",
        summary: "Studio domain; its role is the default for user profiles and shared spaces",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateDomain and CreateUserProfile; SageMaker Developer Guide, 'Cross-service confused deputy prevention': Studio; Service Authorization Reference, Amazon SageMaker AI: CreateDomain",
        noun: "domain",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Inputs, Field::Outputs, Field::Kms, Field::Launches, Field::Follow, Field::Associate],
        required: &[],
        trust: TrustScope::AccountWide,
        log_group: Some(LogGroup::SharedAnyStream("/aws/sagemaker/studio")),
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:CreateDomain", resource_types: &["domain"] }],
        manage: &[CallerAction { action: "sagemaker:DescribeDomain", resource_types: &["domain"] }],
        request_keys: &[],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::StudioDomain,
        other_pins: &[],
        caller_grants: &[CallerGrant {
            sid: "CreateStudioServiceLinkedRole",
            action: "iam:CreateServiceLinkedRole",
            iam_resource: "role/aws-service-role/sagemaker.amazonaws.com/AWSServiceRoleForAmazonSageMakerNotebooks",
            condition: ("StringEquals", "iam:AWSServiceName", "sagemaker.amazonaws.com"),
            reason: "create SageMaker's service-linked role on the first domain (Service Authorization Reference, Amazon SageMaker AI: a dependent action of CreateDomain)",
        }],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[
            SelfLookup { action: "sagemaker:DescribeDomain", resource_type: "domain", scope: LookupScope::Own },
            SelfLookup { action: "sagemaker:DescribeUserProfile", resource_type: "user-profile", scope: LookupScope::Team },
        ],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // CreateFeatureGroup takes a role only for the offline store: it writes
    // the store's Parquet files to S3 and keeps the Glue table that catalogs
    // them (API_CreateFeatureGroup: RoleArn "used to persist data into the
    // OfflineStore"; AmazonSageMakerFeatureStoreAccess: s3:PutObject on the
    // store, glue:GetTable/UpdateTable on the sagemaker_featurestore
    // database). Whether the role or the caller creates the database and
    // table is undocumented; Lake Formation errors point at the role, so it
    // gets them on that database only (inferred). Not on the confused-deputy
    // page. Names are at most 64 characters.
    Api {
        name: "CreateFeatureGroup",
        summary: "feature group with an offline store in S3 and the Glue catalog",
        source: "SageMaker API Reference, CreateFeatureGroup; AWS managed policy AmazonSageMakerFeatureStoreAccess; Service Authorization Reference, Amazon SageMaker AI: CreateFeatureGroup",
        noun: "feature group",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Outputs, Field::Kms],
        required: &[Field::Outputs],
        trust: TrustScope::SourceAccountOnly,
        log_group: None,
        max_name_len: 64,
        create: &[CallerAction { action: "sagemaker:CreateFeatureGroup", resource_types: &["feature-group"] }],
        manage: &[CallerAction { action: "sagemaker:DescribeFeatureGroup", resource_types: &["feature-group"] }],
        request_keys: &[
            RequestKey::FeatureGroupOfflineStoreS3Uri,
            // Service Authorization Reference, CreateFeatureGroup:
            // sagemaker:FeatureGroupOfflineStoreKmsKeyArn
            // (the online store's key, ...OnlineStoreKmsKeyArn, is not a spec field).
            RequestKey::FeatureGroupOfflineStoreKmsKeyArn,
        ],
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS does not document who creates the offline store's Glue database and table; the role may create them in the sagemaker_featurestore database only",
        image_use: ImageUse::Run,
        role_grants: &[
            RoleGrant {
                sid: "FeatureStoreGlueTables",
                actions: &["glue:CreateTable", "glue:GetTable", "glue:UpdateTable"],
                resources: &[
                    ("glue", "catalog"),
                    ("glue", "database/sagemaker_featurestore"),
                    ("glue", "table/sagemaker_featurestore/*"),
                ],
                reason: "catalog the offline store in the sagemaker_featurestore Glue database (AmazonSageMakerFeatureStoreAccess; CreateTable inferred)",
            },
            RoleGrant {
                sid: "FeatureStoreGlueDatabase",
                actions: &["glue:CreateDatabase", "glue:GetDatabase"],
                resources: &[("glue", "catalog"), ("glue", "database/sagemaker_featurestore")],
                reason: "create the sagemaker_featurestore Glue database on first use (inferred: AmazonSageMakerFullAccess grants it on that database)",
            },
        ],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::OfflineStore,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // CreateFlowDefinition (Amazon A2I): the role reads the objects shown in
    // the human task UI and writes the results (SageMaker Developer Guide,
    // a2i-permissions-security: s3:GetObject on the input bucket, s3:PutObject
    // on the output path). A2I is not on the confused-deputy page:
    // aws:SourceAccount only. No logs. Service Authorization Reference:
    // flow-definition*; names are lowercase, at most 63 characters.
    Api {
        name: "CreateFlowDefinition",
        summary: "human review workflow (Amazon A2I)",
        source: "SageMaker Developer Guide, a2i-permissions-security; Service Authorization Reference, Amazon SageMaker AI: CreateFlowDefinition",
        noun: "flow definition",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Inputs, Field::Outputs, Field::Kms, Field::Workteam],
        required: &[Field::Outputs],
        trust: TrustScope::SourceAccountOnly,
        log_group: None,
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:CreateFlowDefinition", resource_types: &["flow-definition"] }],
        manage: &[CallerAction { action: "sagemaker:DescribeFlowDefinition", resource_types: &["flow-definition"] }],
        request_keys: &[RequestKey::WorkteamArn],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // The execution-roles page, "CreateHyperParameterTuningJob API: Execution Role
    // Permissions": the training permissions, logs on
    // /aws/sagemaker/TrainingJobs (tuning launches training jobs, which log
    // there), VPC and the three KMS add-ons. The confused-deputy page does not
    // list tuning, so trust keeps aws:SourceAccount only. Service Authorization
    // Reference: CreateHyperParameterTuningJob on hyper-parameter-tuning-job*;
    // its name is at most 32 characters (API_CreateHyperParameterTuningJob).
    Api {
        name: "CreateHyperParameterTuningJob",
        summary: "hyperparameter tuning job (launches training jobs)",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateHyperParameterTuningJob API; Service Authorization Reference, Amazon SageMaker AI: CreateHyperParameterTuningJob",
        noun: "tuning job",
        runs_under: RunsUnder::OwnRole,
        fields: JOB_FIELDS,
        required: &[Field::Outputs, Field::Images],
        trust: TrustScope::SourceAccountOnly,
        log_group: Some(LogGroup::Shared("/aws/sagemaker/TrainingJobs")),
        max_name_len: 32,
        create: &[CallerAction {
            action: "sagemaker:CreateHyperParameterTuningJob",
            resource_types: &["hyper-parameter-tuning-job"],
        }],
        manage: &[
            CallerAction {
                action: "sagemaker:DescribeHyperParameterTuningJob",
                resource_types: &["hyper-parameter-tuning-job"],
            },
            CallerAction {
                action: "sagemaker:StopHyperParameterTuningJob",
                resource_types: &["hyper-parameter-tuning-job"],
            },
        ],
        request_keys: JOB_KEYS,
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        // Step Functions Developer Guide, sample project 'Tune a machine
        // learning model', IAM examples (createHyperParameterTuningJob.sync).
        vpc_addon: true,
        step_functions_rule: Some("StepFunctionsGetEventsForSageMakerTuningJobsRule"),
    },
    // CreateImage / UpdateImage: SageMaker reads the base images of image
    // versions with the role (execution-roles page, "CreateImage and
    // UpdateImage APIs": ecr:BatchGetImage and ecr:GetDownloadUrlForLayer,
    // published on "*"; sagerole scopes them to the declared base images'
    // repositories, so versions from other repositories need the spec to name
    // them). Callers also get CreateImageVersion (Service Authorization
    // Reference: on image*, no role of its own). Confused-deputy page: images,
    // narrowable only to image-version/*.
    Api {
        name: "CreateImage",
        summary: "custom image (Studio); its role reads the base images of its versions",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateImage and UpdateImage APIs; SageMaker Developer Guide, 'Cross-service confused deputy prevention': images; Service Authorization Reference, Amazon SageMaker AI: CreateImage, UpdateImage, CreateImageVersion",
        noun: "image",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Images],
        required: &[Field::Images],
        trust: TrustScope::JobKind {
            kind: "image-version/*",
            one: None,
        },
        log_group: None,
        max_name_len: 63,
        create: &[
            CallerAction { action: "sagemaker:CreateImage", resource_types: &["image"] },
            CallerAction { action: "sagemaker:CreateImageVersion", resource_types: &["image"] },
            CallerAction { action: "sagemaker:UpdateImage", resource_types: &["image"] },
        ],
        manage: &[
            CallerAction { action: "sagemaker:DescribeImage", resource_types: &["image"] },
            CallerAction { action: "sagemaker:DescribeImageVersion", resource_types: &["image-version"] },
        ],
        request_keys: &[],
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS publishes the two ECR actions on \"*\"; sagerole narrows them to the repositories of the declared base images",
        image_use: ImageUse::Inspect,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // CreateLabelingJob (Ground Truth; closed to new customers, existing ones
    // keep using it). The execution-roles page, "Create a SageMaker AI
    // Execution Role for a Ground Truth Labeling Job": s3:ListBucket and
    // GetBucketLocation on the input and output buckets, object read and write,
    // CloudWatch logs and metrics, lambda:InvokeFunction on the pre- and
    // post-annotation functions of custom task types (built-in task types use
    // AWS's own functions and need no grant), KMS for the output and volume
    // keys. Logs: /aws/sagemaker/LabelingJobs; stream names are undocumented.
    // Streaming jobs (`streaming`: SQS queues named *GroundTruth*, the input
    // topic subscription, the output topic) and automated labeling
    // (`automated_labeling`: PassRole on itself, its jobs' logs, and `vpc`)
    // follow the same page. Not on the confused-deputy page. Service
    // Authorization Reference keys (CreateLabelingJob): OutputKmsKeyArn,
    // VolumeKmsKeyArn, WorkteamArn (pinned to `workteam`, so that callers
    // cannot send the tasks to another work team, such as a public crowd).
    Api {
        name: "CreateLabelingJob",
        summary: "labeling job (Ground Truth): custom annotation functions, streaming, automated data labeling",
        source: "SageMaker Developer Guide, sms-security-permission-execution-role, sms-custom-templates-step3-lambda-permissions; Service Authorization Reference, Amazon SageMaker AI: CreateLabelingJob",
        noun: "labeling job",
        runs_under: RunsUnder::OwnRole,
        fields: &[
            Field::Inputs,
            Field::Outputs,
            Field::Kms,
            Field::Lambdas,
            Field::Workteam,
            Field::Streaming,
            Field::AutomatedLabeling,
            Field::Vpc,
        ],
        required: &[Field::Inputs, Field::Outputs],
        trust: TrustScope::SourceAccountOnly,
        log_group: Some(LogGroup::SharedAnyStream("/aws/sagemaker/LabelingJobs")),
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:CreateLabelingJob", resource_types: &["labeling-job"] }],
        manage: &[
            CallerAction { action: "sagemaker:DescribeLabelingJob", resource_types: &["labeling-job"] },
            CallerAction { action: "sagemaker:StopLabelingJob", resource_types: &["labeling-job"] },
        ],
        request_keys: &[RequestKey::VolumeKmsKeyArn, RequestKey::OutputKmsKeyArn, RequestKey::WorkteamArn],
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS does not document the labeling log streams' names, so the role may write any stream of /aws/sagemaker/LabelingJobs, and with automated_labeling any stream of the training and transform groups; a streaming job publishes only to its output topic (AWS's policy also names the input topic), and its tasks' objects are read only under the declared inputs (AWS's policy reads any object tagged SageMaker=true)",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::ReadBack,
        follow: &[],
        finds_itself: &[],
        // Step Functions runs labeling jobs with .sync too, but AWS names no
        // rule for them: a state machine gets none, the README says so.
        vpc_addon: true,
        step_functions_rule: None,
    },
    // The execution-roles page, "CreateModel API: Execution Role Permissions":
    // s3:GetObject on the model artifacts (no PutObject), ECR pull, VPC add-on
    // only. Model data under a key name prefix (uncompressed models,
    // S3ModelDataSource S3DataType S3Prefix) is also listed (model::build). The caller also creates the endpoint config and
    // endpoint that serve the model; CreateEndpoint needs both the endpoint and
    // endpoint-config ARNs (Service Authorization Reference). Endpoints log to
    // /aws/sagemaker/Endpoints/<EndpointName> (the CloudWatch Logs page).
    // Confused-deputy page: inference trust must stay account-wide.
    // Deployment guardrails: the role reads the auto-rollback alarms
    // (cloudwatch:DescribeAlarms, deployment-guardrails-configuration).
    // Asynchronous inference reads requests from and writes results to S3 and
    // notifies SNS topics (async-inference-create-endpoint-prerequisites).
    // Data capture writes the sampled requests and responses to
    // DataCaptureConfig.DestinationS3Uri (API_DataCaptureConfig); the
    // endpoint runs under the model's ExecutionRoleArn, so the role writes
    // them (inferred: AWS names no principal for it).
    // KMS: an SSE-KMS model artifact or request needs kms:Decrypt of the role
    // (S3 User Guide, SSE-KMS); the asynchronous output key
    // (AsyncInferenceConfig.OutputConfig.KmsKeyId) and the data capture key
    // (DataCaptureConfig.KmsKeyId) encrypt what the role writes to S3
    // (kms:GenerateDataKey, and kms:Decrypt for multipart uploads); the
    // endpoint configuration's KmsKeyId is the volume key, whose
    // kms:CreateGrant the caller of CreateEndpoint needs (VolumeKey::Endpoint).
    // Service Authorization Reference, CreateEndpointConfig: of its keys only
    // sagemaker:VolumeKmsKeyArn names a key; none names the asynchronous
    // output key or anything of DataCaptureConfig. Its sagemaker:ModelArn
    // (type ARN) names the model the configuration serves: pinned to the
    // workload's own models, or a caller could serve any model of the
    // account, under that model's role, from an endpoint it may create.
    Api {
        name: "CreateModel",
        summary: "model, with the endpoint configuration and endpoint that serve it",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateModel API; SageMaker Developer Guide, 'Cross-service confused deputy prevention': inference; SageMaker Developer Guide, 'Amazon SageMaker AI API Permissions: Actions, Permissions, and Resources Reference': CreateEndpoint; SageMaker API Reference, CreateEndpointConfig, AsyncInferenceOutputConfig, DataCaptureConfig; Service Authorization Reference, Amazon SageMaker AI: CreateModel, CreateEndpointConfig, CreateEndpoint",
        noun: "model",
        runs_under: RunsUnder::OwnRole,
        fields: &[
            Field::ModelData,
            Field::Images,
            Field::Vpc,
            Field::Kms,
            Field::RollbackAlarms,
            Field::Async,
            Field::DataCapture,
            Field::ModelPackageGroup,
        ],
        required: &[Field::Images],
        trust: TrustScope::AccountWide,
        log_group: Some(LogGroup::PerResource("/aws/sagemaker/Endpoints/")),
        max_name_len: 63,
        create: &[
            CallerAction { action: "sagemaker:CreateModel", resource_types: &["model"] },
            CallerAction {
                action: "sagemaker:CreateEndpointConfig",
                resource_types: &["endpoint-config"],
            },
            CallerAction {
                action: "sagemaker:CreateEndpoint",
                resource_types: &["endpoint", "endpoint-config"],
            },
        ],
        manage: &[
            CallerAction { action: "sagemaker:DescribeModel", resource_types: &["model"] },
            CallerAction {
                action: "sagemaker:DescribeEndpointConfig",
                resource_types: &["endpoint-config"],
            },
            CallerAction { action: "sagemaker:DescribeEndpoint", resource_types: &["endpoint"] },
        ],
        request_keys: &[RequestKey::VpcSubnets, RequestKey::VpcSecurityGroupIds],
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS does not say which principal writes captured data; the endpoint runs under the model's execution role, which gets the S3 write on the data_capture destination",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Endpoint,
        other_pins: &[Pins {
            action: "sagemaker:CreateEndpointConfig",
            keys: &[RequestKey::OwnModelArn, RequestKey::VolumeKmsKeyArn],
            unpinned: &[
                (Field::Async, "asynchronous inference (AsyncInferenceConfig: output paths, topics, output key)"),
                (Field::DataCapture, "data capture (DataCaptureConfig: destination, key)"),
            ],
            absent_keeps: false,
        }],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[
            FollowAction {
                follow: Follow::Update,
                action: CallerAction { action: "sagemaker:UpdateEndpoint", resource_types: &["endpoint", "endpoint-config"] },
                with: None,
                source: "SageMaker Python SDK, Model.deploy(update_endpoint=True) and Predictor.update_endpoint -> Session.update_endpoint",
            },
            FollowAction {
                follow: Follow::Delete,
                action: CallerAction { action: "sagemaker:DeleteEndpoint", resource_types: &["endpoint"] },
                with: None,
                source: "SageMaker Python SDK, Predictor.delete_endpoint -> Session.delete_endpoint",
            },
            FollowAction {
                follow: Follow::Delete,
                action: CallerAction { action: "sagemaker:DeleteEndpointConfig", resource_types: &["endpoint-config"] },
                with: None,
                source: "SageMaker Python SDK, Predictor.delete_endpoint(delete_endpoint_config=True) -> Session.delete_endpoint_config",
            },
            FollowAction {
                follow: Follow::Delete,
                action: CallerAction { action: "sagemaker:DeleteModel", resource_types: &["model"] },
                with: None,
                source: "SageMaker Python SDK, Predictor.delete_model -> Session.delete_model",
            },
            FollowAction {
                follow: Follow::Invoke,
                action: CallerAction { action: "sagemaker:InvokeEndpoint", resource_types: &["endpoint"] },
                with: None,
                source: "SageMaker Python SDK, Predictor.predict -> SageMaker Runtime InvokeEndpoint",
            },
            FollowAction {
                follow: Follow::Invoke,
                action: CallerAction { action: "sagemaker:InvokeEndpointAsync", resource_types: &["endpoint"] },
                with: Some(Field::Async),
                source: "SageMaker Python SDK, AsyncPredictor.predict_async -> SageMaker Runtime InvokeEndpointAsync",
            },
        ],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    monitoring_job_definition(
        "CreateModelBiasJobDefinition",
        "model bias monitoring job definition (Clarify)",
        "SageMaker Developer Guide, 'Support for Your Own Containers With Amazon SageMaker Model Monitor'; Service Authorization Reference, Amazon SageMaker AI: CreateModelBiasJobDefinition",
        &[CallerAction { action: "sagemaker:CreateModelBiasJobDefinition", resource_types: &["model-bias-job-definition"] }],
        &[CallerAction { action: "sagemaker:DescribeModelBiasJobDefinition", resource_types: &["model-bias-job-definition"] }],
    ),
    monitoring_job_definition(
        "CreateModelExplainabilityJobDefinition",
        "model explainability monitoring job definition (Clarify)",
        "SageMaker Developer Guide, 'Support for Your Own Containers With Amazon SageMaker Model Monitor'; Service Authorization Reference, Amazon SageMaker AI: CreateModelExplainabilityJobDefinition",
        &[CallerAction { action: "sagemaker:CreateModelExplainabilityJobDefinition", resource_types: &["model-explainability-job-definition"] }],
        &[CallerAction { action: "sagemaker:DescribeModelExplainabilityJobDefinition", resource_types: &["model-explainability-job-definition"] }],
    ),
    // The model registry. A workload of these APIs is a model package
    // group, named like every workload (`<name_prefix>-<name>`); its
    // versions are `model-package/<group>/<version>` (the parent module's
    // ID_SCOPED_TYPES). Neither call takes a role (SageMaker API Reference,
    // CreateModelPackageGroup, CreateModelPackage), so only the launcher
    // (a CI job, a pipeline's RegisterModel step) gets grants.
    // CreateModelPackage names its group in ModelPackageGroupName, the
    // container image and the model artifact's S3 URI in
    // InferenceSpecification.Containers (Image, ModelDataUrl); AWS has no
    // condition key for either (Service Authorization Reference,
    // CreateModelPackage: aws:RequestTag, aws:TagKeys,
    // sagemaker:CustomerMetadataProperties, sagemaker:ModelApprovalStatus,
    // sagemaker:ModelLifeCycle keys). Its sagemaker:ModelApprovalStatus is
    // pinned so that whoever registers cannot approve (RegistersPending).
    // The ARN IAM evaluates for CreateModelPackage in a group is not
    // documented; AWS names a group's versions model-package/<group>/*
    // (SageMaker Developer Guide, "Make model package groups
    // discoverable"), which the grant uses. A group's name is at most 63
    // characters (CreateModelPackageGroup: ModelPackageGroupName).
    Api {
        name: "CreateModelPackage",
        summary: "model versions registered in an existing model package group (model registry), pending approval",
        source: "SageMaker Developer Guide, 'Register a Model Version' and 'Make model package groups discoverable'; SageMaker API Reference, CreateModelPackage; Service Authorization Reference, Amazon SageMaker AI: CreateModelPackage, DescribeModelPackage",
        noun: "model package",
        runs_under: RunsUnder::NoRole,
        fields: &[],
        required: &[],
        trust: TrustScope::SourceAccountOnly,
        log_group: None,
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:CreateModelPackage", resource_types: &["model-package"] }],
        manage: &[CallerAction { action: "sagemaker:DescribeModelPackage", resource_types: &["model-package"] }],
        request_keys: &[RequestKey::RegistersPending],
        passes_own_role: false,
        role_actions: &[],
        inferred: MODEL_PACKAGE_INFERRED,
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: false,
        step_functions_rule: None,
    },
    Api {
        name: "CreateModelPackageGroup",
        summary: "model package group (model registry) and the model versions registered in it, pending approval",
        source: "SageMaker Developer Guide, 'Create a Model Group', 'Register a Model Version' and 'Make model package groups discoverable'; SageMaker API Reference, CreateModelPackageGroup, CreateModelPackage; Service Authorization Reference, Amazon SageMaker AI: CreateModelPackageGroup, CreateModelPackage",
        noun: "model package group",
        runs_under: RunsUnder::NoRole,
        fields: &[Field::Consumers],
        required: &[],
        trust: TrustScope::SourceAccountOnly,
        log_group: None,
        max_name_len: 63,
        create: &[
            CallerAction { action: "sagemaker:CreateModelPackageGroup", resource_types: &["model-package-group"] },
            CallerAction { action: "sagemaker:CreateModelPackage", resource_types: &["model-package"] },
        ],
        manage: &[
            CallerAction { action: "sagemaker:DescribeModelPackage", resource_types: &["model-package"] },
            CallerAction { action: "sagemaker:DescribeModelPackageGroup", resource_types: &["model-package-group"] },
        ],
        request_keys: &[],
        passes_own_role: false,
        role_actions: &[],
        inferred: MODEL_PACKAGE_INFERRED,
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[Pins {
            action: "sagemaker:CreateModelPackage",
            keys: &[RequestKey::RegistersPending],
            unpinned: &[],
            absent_keeps: false,
        }],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: false,
        step_functions_rule: None,
    },
    monitoring_job_definition(
        "CreateModelQualityJobDefinition",
        "model quality monitoring job definition",
        "SageMaker Developer Guide, 'Support for Your Own Containers With Amazon SageMaker Model Monitor'; Service Authorization Reference, Amazon SageMaker AI: CreateModelQualityJobDefinition",
        &[CallerAction { action: "sagemaker:CreateModelQualityJobDefinition", resource_types: &["model-quality-job-definition"] }],
        &[CallerAction { action: "sagemaker:DescribeModelQualityJobDefinition", resource_types: &["model-quality-job-definition"] }],
    ),
    // CreateMonitoringSchedule (Model Monitor) runs processing jobs under the
    // role (model-monitor-byoc-containers: "Model Monitor ultimately kicks off
    // processing jobs"), so the role is a processing role: S3, the monitor
    // image, KMS and VPC as for processing. AWS publishes no policy for it.
    // Executions log to /aws/sagemaker/ProcessingJobs under
    // job names the service chooses. Not on the confused-deputy page.
    Api {
        name: "CreateMonitoringSchedule",
        summary: "model monitoring schedule (runs processing jobs under the role)",
        source: "SageMaker Developer Guide, 'Support for Your Own Containers With Amazon SageMaker Model Monitor'; Service Authorization Reference, Amazon SageMaker AI: CreateMonitoringSchedule, UpdateMonitoringSchedule",
        noun: "monitoring schedule",
        runs_under: RunsUnder::OwnRole,
        fields: JOB_FIELDS,
        required: &[Field::Inputs, Field::Outputs, Field::Images],
        trust: TrustScope::SourceAccountOnly,
        log_group: Some(LogGroup::SharedAnyStream("/aws/sagemaker/ProcessingJobs")),
        max_name_len: 63,
        create: &[
            CallerAction { action: "sagemaker:CreateMonitoringSchedule", resource_types: &["monitoring-schedule"] },
            CallerAction { action: "sagemaker:UpdateMonitoringSchedule", resource_types: &["monitoring-schedule"] },
        ],
        manage: &[
            CallerAction { action: "sagemaker:DescribeMonitoringSchedule", resource_types: &["monitoring-schedule"] },
            CallerAction { action: "sagemaker:StartMonitoringSchedule", resource_types: &["monitoring-schedule"] },
            CallerAction { action: "sagemaker:StopMonitoringSchedule", resource_types: &["monitoring-schedule"] },
        ],
        request_keys: JOB_KEYS,
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS publishes no execution-role policy for monitoring; the role gets what the processing jobs it runs take, with the processing log group's streams unscoped because the service names the executions",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // The execution-roles page, "CreateNotebookInstance API: Execution Role
    // Permissions": AWS's scoped example grants sagemaker:* and PassRole on
    // "*"; sagerole grants instead exactly what the notebook launches
    // (`launches`, with PassRole on those workloads' roles, itself when it
    // shares one) and the S3 data it reads and writes. Logs:
    // /aws/sagemaker/NotebookInstances, streams named
    // `[notebook-instance-name]/...` (the CloudWatch Logs page). No VPC add-on
    // (execution-roles page): a notebook's `vpc` (SubnetId, SecurityGroupIds)
    // and `kms.volume` (KmsKeyId, the storage volume's key) pin the caller's
    // CreateNotebookInstance (Service Authorization Reference: VpcSubnets,
    // VpcSecurityGroupIds, VolumeKmsKeyArn), and with a `vpc`,
    // sagemaker:DirectInternetAccess is pinned to Disabled, which AWS allows
    // only with a subnet (API_CreateNotebookInstance: DirectInternetAccess). The confused-deputy page does not list notebooks:
    // aws:SourceAccount only. The current execution-roles page also lists
    // UpdateNotebookInstance as passing the role, so callers get it too.
    // Service Authorization Reference: CreateNotebookInstance and
    // UpdateNotebookInstance both list sagemaker:RootAccess and
    // sagemaker:MinimumInstanceMetadataServiceVersion; callers may create
    // and update notebooks only without root access and with IMDSv2 (the
    // Developer Guide's "Control root access to a SageMaker notebook
    // instance" policy), unless the spec opts out. An update that leaves a
    // setting out keeps it (API_UpdateNotebookInstance), so its tests are
    // ...IfExists. CreatePresignedNotebookInstanceUrl has no condition
    // keys: it is granted on the workload's notebooks only.
    Api {
        name: "CreateNotebookInstance",
        summary: "notebook instance; its role may launch workloads",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateNotebookInstance API; Service Authorization Reference, Amazon SageMaker AI: CreateNotebookInstance, UpdateNotebookInstance",
        noun: "notebook instance",
        runs_under: RunsUnder::OwnRole,
        fields: &[
            Field::Inputs,
            Field::Outputs,
            Field::Vpc,
            Field::Kms,
            Field::Launches,
            Field::Follow,
            Field::OptOut,
        ],
        required: &[],
        trust: TrustScope::SourceAccountOnly,
        log_group: Some(LogGroup::Shared("/aws/sagemaker/NotebookInstances")),
        max_name_len: 63,
        create: &[
            CallerAction {
                action: "sagemaker:CreateNotebookInstance",
                resource_types: &["notebook-instance"],
            },
            CallerAction {
                action: "sagemaker:UpdateNotebookInstance",
                resource_types: &["notebook-instance"],
            },
        ],
        manage: &[
            CallerAction {
                action: "sagemaker:CreatePresignedNotebookInstanceUrl",
                resource_types: &["notebook-instance"],
            },
            CallerAction {
                action: "sagemaker:DescribeNotebookInstance",
                resource_types: &["notebook-instance"],
            },
            CallerAction {
                action: "sagemaker:StartNotebookInstance",
                resource_types: &["notebook-instance"],
            },
            CallerAction {
                action: "sagemaker:StopNotebookInstance",
                resource_types: &["notebook-instance"],
            },
        ],
        request_keys: &[
            RequestKey::VpcSubnets,
            RequestKey::VpcSecurityGroupIds,
            RequestKey::DirectInternetAccess,
            RequestKey::VolumeKmsKeyArn,
            RequestKey::RootAccess,
            RequestKey::MinimumInstanceMetadataServiceVersion,
        ],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[Pins {
            action: "sagemaker:UpdateNotebookInstance",
            keys: &[RequestKey::RootAccess, RequestKey::MinimumInstanceMetadataServiceVersion],
            unpinned: &[],
            absent_keeps: true,
        }],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[SelfLookup {
            action: "sagemaker:DescribeNotebookInstance",
            resource_type: "notebook-instance",
            scope: LookupScope::Own,
        }],
        vpc_addon: false,
        step_functions_rule: None,
    },
    // CreatePipeline takes the role that pipeline executions run under; the
    // executions launch the step workloads, so the role gets PassRole on
    // exactly the steps' roles and the scoped create calls (`launches`). AWS
    // publishes no policy for it: inferred. Pipelines write no logs of their
    // own. The confused-deputy page lists pipelines with the form
    // `pipeline/<name>/*` (one pipeline, every execution; never one
    // execution), so strict trust narrows to the workload's pipelines, or to
    // `pipeline/*`.
    Api {
        name: "CreatePipeline",
        summary: "pipeline; its role launches the step workloads",
        source: "SageMaker Developer Guide, 'Cross-service confused deputy prevention': pipelines; Service Authorization Reference, Amazon SageMaker AI: CreatePipeline, UpdatePipeline",
        noun: "pipeline",
        runs_under: RunsUnder::OwnRole,
        fields: &[
            Field::Launches,
            Field::Follow,
            Field::StepJobNames,
            Field::Steps,
            Field::PropertyFiles,
            Field::Lambdas,
            Field::CallbackQueues,
        ],
        required: &[Field::Launches],
        trust: TrustScope::JobKind {
            kind: "pipeline/*",
            one: Some("pipeline/{name}/*"),
        },
        log_group: None,
        max_name_len: 256,
        create: &[
            CallerAction { action: "sagemaker:CreatePipeline", resource_types: &["pipeline"] },
            CallerAction { action: "sagemaker:UpdatePipeline", resource_types: &["pipeline"] },
        ],
        manage: &[
            CallerAction { action: "sagemaker:DescribePipeline", resource_types: &["pipeline"] },
            CallerAction { action: "sagemaker:StartPipelineExecution", resource_types: &["pipeline"] },
            // The executions StartPipelineExecution launches, followed as
            // the SDK's _PipelineExecution does (describe, wait, list_steps,
            // stop), and their definition.
            CallerAction { action: "sagemaker:DescribePipelineDefinitionForExecution", resource_types: &["pipeline-execution"] },
            CallerAction { action: "sagemaker:DescribePipelineExecution", resource_types: &["pipeline-execution"] },
            CallerAction { action: "sagemaker:ListPipelineExecutionSteps", resource_types: &["pipeline-execution"] },
            CallerAction { action: "sagemaker:StopPipelineExecution", resource_types: &["pipeline-execution"] },
        ],
        request_keys: &[],
        passes_own_role: false,
        role_actions: &[],
        inferred: "AWS publishes no execution-role policy for CreatePipeline; the role gets only what launching its steps takes",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[
            FollowAction {
                follow: Follow::Update,
                action: CallerAction { action: "sagemaker:ListTags", resource_types: &["pipeline"] },
                with: None,
                source: "SageMaker Python SDK, Pipeline.upsert (an existing pipeline: update_pipeline, then list_tags and add_tags to keep its tags)",
            },
            FollowAction {
                follow: Follow::Update,
                action: CallerAction { action: "sagemaker:AddTags", resource_types: &["pipeline"] },
                with: None,
                source: "SageMaker Python SDK, Pipeline.upsert (an existing pipeline: update_pipeline, then list_tags and add_tags to keep its tags)",
            },
            FollowAction {
                follow: Follow::Delete,
                action: CallerAction { action: "sagemaker:DeletePipeline", resource_types: &["pipeline"] },
                with: None,
                source: "SageMaker Python SDK, Pipeline.delete",
            },
        ],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // The execution-roles page, "CreateProcessingJob API: Execution Role
    // Permissions": like training; the VPC add-on must carry no conditions or
    // resource filters ("job creation validation fails otherwise"), which
    // sagerole never adds for any API. Logs: /aws/sagemaker/ProcessingJobs (the
    // CloudWatch Logs page). Confused-deputy page: processing-job/*, or one
    // processing job's ARN.
    Api {
        name: "CreateProcessingJob",
        summary: "processing job",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateProcessingJob API; SageMaker Developer Guide, 'Cross-service confused deputy prevention': processing; Service Authorization Reference, Amazon SageMaker AI: CreateProcessingJob",
        noun: "processing job",
        runs_under: RunsUnder::OwnRole,
        fields: JOB_FIELDS,
        required: &[Field::Images],
        trust: TrustScope::JobKind {
            kind: "processing-job/*",
            one: Some("processing-job/{name}"),
        },
        log_group: Some(LogGroup::Shared("/aws/sagemaker/ProcessingJobs")),
        max_name_len: 63,
        create: &[CallerAction {
            action: "sagemaker:CreateProcessingJob",
            resource_types: &["processing-job"],
        }],
        manage: &[
            CallerAction {
                action: "sagemaker:DescribeProcessingJob",
                resource_types: &["processing-job"],
            },
            CallerAction {
                action: "sagemaker:StopProcessingJob",
                resource_types: &["processing-job"],
            },
        ],
        request_keys: JOB_KEYS,
        passes_own_role: false,
        role_actions: &[],
        inferred: "the EventBridge rule Step Functions keeps for .sync processing tasks is named after the rules AWS documents for training, transform and tuning jobs",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        // Step Functions Developer Guide, 'Create and manage Amazon SageMaker
        // AI jobs with Step Functions', lists CreateProcessingJob with .sync;
        // its IAM page names no rule for it, so the name is inferred from the
        // other three (StepFunctionsGetEventsForSageMaker<Kind>JobsRule).
        vpc_addon: true,
        step_functions_rule: Some("StepFunctionsGetEventsForSageMakerProcessingJobsRule"),
    },
    // CreateSpace takes no role (Service Authorization Reference: no PassRole
    // dependency): a private space runs under its owner's user-profile role, a
    // shared space under the domain's default space role, whoever owns it
    // ("Understanding domain space permissions and execution roles"). Space
    // ARNs carry the domain id: space/${DomainId}/${SpaceName}. Every space
    // has an owner: the API requires OwnershipSettings with
    // SpaceSharingSettings, and the aws provider requires ownership_settings
    // with space_sharing_settings. Service Authorization Reference keys
    // (CreateSpace): OwnerUserProfileArn and SpaceSharingType pin the owner
    // and whose role the space runs under.
    Api {
        name: "CreateSpace",
        summary: "Studio space, owned by a user profile; private spaces use their owner's role, shared ones the domain's",
        source: "SageMaker Developer Guide, 'Understanding domain space permissions and execution roles'; SageMaker API Reference, CreateSpace; Service Authorization Reference, Amazon SageMaker AI: CreateSpace",
        noun: "space",
        runs_under: RunsUnder::SpaceRole,
        fields: &[Field::Domain, Field::Owner, Field::Sharing],
        required: &[Field::Domain, Field::Owner],
        trust: TrustScope::AccountWide,
        log_group: None,
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:CreateSpace", resource_types: &["space"] }],
        manage: &[CallerAction { action: "sagemaker:DescribeSpace", resource_types: &["space"] }],
        request_keys: &[RequestKey::OwnerUserProfileArn, RequestKey::SpaceSharingType],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // The execution-roles page, "CreateTrainingJob API: Execution Role
    // Permissions": S3 list/get on inputs, put on outputs, ECR pull, logs on
    // /aws/sagemaker/TrainingJobs, metrics, VPC and KMS add-ons.
    // Confused-deputy page: training-job/*, or one training job's ARN.
    Api {
        name: "CreateTrainingJob",
        summary: "training job",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateTrainingJob API; SageMaker Developer Guide, 'Cross-service confused deputy prevention': training; Service Authorization Reference, Amazon SageMaker AI: CreateTrainingJob",
        noun: "training job",
        runs_under: RunsUnder::OwnRole,
        fields: JOB_FIELDS,
        required: &[Field::Outputs, Field::Images],
        trust: TrustScope::JobKind {
            kind: "training-job/*",
            one: Some("training-job/{name}"),
        },
        log_group: Some(LogGroup::Shared("/aws/sagemaker/TrainingJobs")),
        max_name_len: 63,
        create: &[CallerAction {
            action: "sagemaker:CreateTrainingJob",
            resource_types: &["training-job"],
        }],
        manage: &[
            CallerAction {
                action: "sagemaker:DescribeTrainingJob",
                resource_types: &["training-job"],
            },
            CallerAction { action: "sagemaker:StopTrainingJob", resource_types: &["training-job"] },
        ],
        request_keys: JOB_KEYS,
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        // Step Functions Developer Guide, 'IAM policies for Amazon SageMaker
        // AI', CreateTrainingJob, Run a Job (.sync).
        vpc_addon: true,
        step_functions_rule: Some("StepFunctionsGetEventsForSageMakerTrainingJobsRule"),
    },
    // CreateTransformJob takes no role: the job runs under the ExecutionRoleArn
    // of the model it names (API_CreateTransformJob has no role field; the
    // Service Authorization Reference shows no PassRole dependency). Its S3,
    // KMS and log permissions therefore go to the model workload's role. Logs:
    // /aws/sagemaker/TransformJobs (the CloudWatch Logs page). Confused-deputy
    // page: transform-job/*, or one transform job's ARN. Service Authorization Reference keys
    // (CreateTransformJob): ModelArn, OutputKmsKeyArn, VolumeKmsKeyArn.
    Api {
        name: "CreateTransformJob",
        summary: "batch transform job (runs under its model's role)",
        source: "SageMaker API Reference, CreateTransformJob; SageMaker Developer Guide, 'Cross-service confused deputy prevention': batch transform; Service Authorization Reference, Amazon SageMaker AI: CreateTransformJob",
        noun: "transform job",
        runs_under: RunsUnder::ModelRole,
        fields: &[Field::Model, Field::Inputs, Field::Outputs, Field::Kms],
        required: &[Field::Model, Field::Inputs, Field::Outputs],
        trust: TrustScope::JobKind {
            kind: "transform-job/*",
            one: Some("transform-job/{name}"),
        },
        log_group: Some(LogGroup::Shared("/aws/sagemaker/TransformJobs")),
        max_name_len: 63,
        create: &[CallerAction {
            action: "sagemaker:CreateTransformJob",
            resource_types: &["transform-job"],
        }],
        manage: &[
            CallerAction {
                action: "sagemaker:DescribeTransformJob",
                resource_types: &["transform-job"],
            },
            CallerAction {
                action: "sagemaker:StopTransformJob",
                resource_types: &["transform-job"],
            },
        ],
        request_keys: &[RequestKey::ModelArn, RequestKey::VolumeKmsKeyArn, RequestKey::OutputKmsKeyArn],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        // Step Functions Developer Guide, 'IAM policies for Amazon SageMaker
        // AI', CreateTransformJob, Run a Job (.sync).
        vpc_addon: true,
        step_functions_rule: Some("StepFunctionsGetEventsForSageMakerTransformJobsRule"),
    },
    // CreateUserProfile: a profile with a role of its own overrides the
    // domain's default (UserSettings.ExecutionRole); a profile in the same
    // role as its domain inherits the default, and changes with it. Same
    // permissions as the domain's role (execution-roles page, "CreateDomain and
    // CreateUserProfile"). ARNs: user-profile/${DomainId}/${UserProfileName}.
    Api {
        name: "CreateUserProfile",
        summary: "Studio user profile; its own role, or the domain's default",
        source: "SageMaker Developer Guide, 'How to use SageMaker AI execution roles': CreateDomain and CreateUserProfile; SageMaker Developer Guide, 'Cross-service confused deputy prevention': Studio; Service Authorization Reference, Amazon SageMaker AI: CreateUserProfile",
        noun: "user profile",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Domain, Field::Inputs, Field::Outputs, Field::Kms, Field::Launches, Field::Follow],
        required: &[Field::Domain],
        trust: TrustScope::AccountWide,
        log_group: Some(LogGroup::SharedAnyStream("/aws/sagemaker/studio")),
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:CreateUserProfile", resource_types: &["user-profile"] }],
        manage: &[CallerAction { action: "sagemaker:DescribeUserProfile", resource_types: &["user-profile"] }],
        request_keys: &[],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::StudioDomain,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[SelfLookup {
            action: "sagemaker:DescribeUserProfile",
            resource_type: "user-profile",
            scope: LookupScope::Own,
        }],
        vpc_addon: true,
        step_functions_rule: None,
    },
    // RenderUiTemplate previews a worker task template; the role reads the S3
    // objects the template renders (a2i-permissions-security, "Enable Worker
    // Task Template Previews": s3:GetObject). It creates nothing: the caller's
    // action has no resource type (Service Authorization Reference) and no
    // request keys.
    Api {
        name: "RenderUiTemplate",
        summary: "worker task template preview (Ground Truth, A2I)",
        source: "SageMaker Developer Guide, a2i-permissions-security; Service Authorization Reference, Amazon SageMaker AI: RenderUiTemplate",
        noun: "template preview",
        runs_under: RunsUnder::OwnRole,
        fields: &[Field::Inputs],
        required: &[Field::Inputs],
        trust: TrustScope::SourceAccountOnly,
        log_group: None,
        max_name_len: 63,
        create: &[CallerAction { action: "sagemaker:RenderUiTemplate", resource_types: &[] }],
        manage: &[],
        request_keys: &[],
        passes_own_role: false,
        role_actions: &[],
        inferred: "",
        image_use: ImageUse::Run,
        role_grants: &[],
        volume_key: VolumeKey::Job,
        other_pins: &[],
        caller_grants: &[],
        object_inputs: false,
        outputs: OutputUse::Write,
        follow: &[],
        finds_itself: &[],
        vpc_addon: true,
        step_functions_rule: None,
    },
];
