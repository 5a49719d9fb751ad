//! JSON Schema (draft 2020-12) of a spec, for editors: `sagerole schema`.
//!
//! It is built from the same tables the parser checks against (the block
//! fields of [`crate::spec::raw`], the workload fields of
//! [`Field::ALL`]) and from the catalog (the APIs, the fields each takes and
//! requires), so it cannot drift from them; a golden
//! test keeps the shipped `schema/sagerole.schema.json` equal to it. The
//! schema describes the JSON (and YAML) shape of a spec, which is also the
//! shape HCL blocks take: `workload "train" { ... }` is
//! `{"workload": {"train": {...}}}`.

use serde_json::{json, Map, Value};

use crate::catalog::guardrails::{GuardValue, Guardrail};
use crate::catalog::pipeline_steps::{StepJobNames, StepNeeds, PIPELINE_STEPS};
use crate::catalog::{CallerKind, Field, Follow, Sharing, APIS};
use crate::spec::raw;

/// Block and workload names: lowercase letters and digits with single hyphens.
const NAME: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// Region names as `model::resource::region_name` accepts them.
const REGION: &str = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";
/// Input names: Terraform variable names of lowercase words joined by `_`.
const INPUT_NAME: &str = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";

fn strings(description: &str) -> Value {
    json!({
        "description": description,
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}}
        ]
    })
}

/// An input named where a value stands: `{ "input": "NAME" }`.
fn input_ref() -> Value {
    json!({
        "type": "object",
        "description": "an `input` block's label: the value the deployment passes in",
        "additionalProperties": false,
        "required": ["input"],
        "properties": {"input": {"type": "string", "pattern": INPUT_NAME}}
    })
}

/// A string, or an input ([`input_ref`]).
fn value(description: &str) -> Value {
    json!({"description": description, "oneOf": [{"type": "string"}, input_ref()]})
}

/// Like [`strings`], where each item may also be an input ([`input_ref`]).
fn values(description: &str) -> Value {
    let item = json!({"oneOf": [{"type": "string"}, input_ref()]});
    json!({
        "description": description,
        "oneOf": [
            {"type": "string"},
            input_ref(),
            {"type": "array", "items": item}
        ]
    })
}

/// S3 locations: `s3://bucket/prefix/`, or `{ bucket, prefix }` whose
/// bucket may be an input.
fn locations(description: &str) -> Value {
    let object = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["bucket"],
        "properties": {
            "bucket": {"oneOf": [{"type": "string"}, input_ref()], "description": "the bucket's name, or an input of kind s3_bucket"},
            "prefix": {"type": "string", "description": "the key prefix, ending in / for a prefix"}
        }
    });
    let item = json!({"oneOf": [{"type": "string"}, object]});
    json!({
        "description": description,
        "oneOf": [
            {"type": "string"},
            object,
            {"type": "array", "items": item}
        ]
    })
}

/// An `input "NAME" { kind, description, default }` block.
fn input_block() -> Value {
    let mut p = Map::new();
    p.insert(
        "kind".into(),
        json!({
            "description": "what the value is, which fixes its pattern and maximum length and where it may stand",
            "enum": crate::catalog::input_kinds::KINDS.iter().map(|k| k.name).collect::<Vec<_>>()
        }),
    );
    p.insert(
        "description".into(),
        string("the Terraform variable's and the CloudFormation parameter's description"),
    );
    p.insert(
        "default".into(),
        string("the value when the deployment passes none, of the kind"),
    );
    let prefix = crate::catalog::input_kinds::InputKind::NamePrefix.facts();
    p.insert(
        "max_length".into(),
        json!({
            "type": "integer",
            "minimum": 1,
            "maximum": prefix.max_length,
            "description": "kind name_prefix only: the longest prefix the deployment may pass, below the kind's maximum, to leave room for longer names (every name the prefix starts is checked with it)"
        }),
    );
    let mut b = block(
        "a value the deployment passes in: a Terraform variable and a CloudFormation parameter",
        raw::INPUT_FIELDS,
        p,
    );
    b["required"] = json!(["kind"]);
    b
}

fn string(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

/// A `follow` list: what may be done to what was launched.
fn follow(description: &str) -> Value {
    let values = Follow::ALL.map(Follow::spec_name);
    json!({
        "description": description,
        "oneOf": [
            {"enum": values},
            {"type": "array", "items": {"enum": values}}
        ]
    })
}

/// The request-key guardrails ([`Guardrail`]), as the spec-wide block and
/// a workload's own `guardrails` block take them.
fn guards() -> Map<String, Value> {
    let mut p = Map::new();
    for g in Guardrail::ALL {
        let what = format!(
            "{}: pins {} on the create calls that take it",
            g.what(),
            g.key()
        );
        let v = match g.value() {
            GuardValue::Strings { patterns } => {
                let mut v = strings(&what);
                if patterns {
                    // What `instance_types` accepts: lowercase, digits,
                    // dots and wildcards (the model also asks for `ml.`).
                    let item = json!({"type": "string", "pattern": "^[a-z0-9.*?]+$"});
                    v["oneOf"] = json!([item, {"type": "array", "minItems": 1, "items": item}]);
                } else {
                    v["oneOf"][1]["minItems"] = json!(1);
                }
                v
            }
            GuardValue::Bool => json!({"type": "boolean", "description": what}),
        };
        p.insert(g.spec_name().into(), v);
    }
    p
}

fn block(description: &str, fields: &[&str], properties: Map<String, Value>) -> Value {
    debug_assert!(properties.keys().all(|k| fields.contains(&k.as_str())));
    json!({
        "type": "object",
        "description": description,
        "additionalProperties": false,
        "properties": properties,
    })
}

fn field(f: Field) -> Value {
    match f {
        Field::Inputs => locations("S3 prefixes (s3://bucket/prefix/) or objects the workload reads"),
        Field::Outputs => locations("S3 prefixes the workload writes"),
        Field::ModelData => locations("S3 locations of model artifacts (ModelDataUrl): one object, or a key name prefix ending in / (uncompressed model data, S3DataType S3Prefix)"),
        Field::Images => {
            values("ECR image URIs (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG), or inputs of kind ecr_repository_arn")
        }
        Field::Model => {
            string("the CreateModel workload whose model (and role) a transform job runs")
        }
        Field::ModelPackageGroup => string("the model registry workload (CreateModelPackageGroup, CreateModelPackage) whose approved versions the model is created from (a container's ModelPackageName), or the ARN of a group of another account: arn:aws:sagemaker:REGION:ACCOUNT:model-package-group/NAME"),
        Field::Vpc => {
            let mut p = Map::new();
            p.insert("subnets".into(), values("subnet ids (subnet-...)"));
            p.insert(
                "security_groups".into(),
                values("security group ids (sg-...)"),
            );
            let mut b = block(
                "VpcConfig: the subnets and security groups the jobs use",
                raw::VPC_FIELDS,
                p,
            );
            b["required"] = json!(["subnets", "security_groups"]);
            b
        }
        Field::Kms => {
            let mut p = Map::new();
            p.insert(
                "input".into(),
                values("keys of the SSE-KMS objects the workload reads: inputs, model artifacts, asynchronous requests (kms:Decrypt); no request names them"),
            );
            p.insert(
                "output".into(),
                values("the output key the create request names (OutputDataConfig.KmsKeyId and its kin; for CreateModel the asynchronous output key); callers are pinned to it where AWS has a condition key (sagemaker:OutputKmsKeyArn)"),
            );
            p.insert(
                "volume".into(),
                values("the volume key the create request names (ResourceConfig.VolumeKmsKeyId and its kin; for CreateModel the endpoint configuration's KmsKeyId), pinned by sagemaker:VolumeKmsKeyArn; or a Studio domain's key"),
            );
            p.insert(
                "bucket_default".into(),
                values("keys of the buckets' default SSE-KMS encryption, which no request names (kms:GenerateDataKey and kms:Decrypt)"),
            );
            block(
                "KMS keys as key ARNs (arn:aws:kms:REGION:ACCOUNT:key/ID), what the ...KmsKeyArn condition keys compare; a bare key id is the key of that id in the deploying account, in the spec's regions; aliases are refused",
                raw::KMS_FIELDS,
                p,
            )
        }
        Field::Launches => strings("workloads this one starts under its own role"),
        Field::RollbackAlarms => strings("CloudWatch alarm names that roll back a deployment"),
        Field::Async => {
            let mut p = Map::new();
            p.insert("inputs".into(), locations("S3 prefixes of the requests"));
            p.insert("output".into(), locations("S3 prefixes of the results"));
            p.insert("failure".into(), locations("S3 prefixes of the failures"));
            p.insert(
                "topics".into(),
                values("SNS topic ARNs notified of results and errors, or inputs of kind sns_topic_arn"),
            );
            let mut b = block("asynchronous inference", raw::ASYNC_FIELDS, p);
            b["required"] = json!(["output"]);
            b
        }
        Field::OptOut => {
            let mut p = Map::new();
            for o in crate::catalog::OptOut::ALL {
                // A reason must say something: not empty, not only blanks.
                let mut reason =
                    string(&format!("why the workload needs {}; sagerole warns", o.what()));
                reason["pattern"] = json!("\\S");
                p.insert(o.spec_name().into(), reason);
            }
            block(
                "pins sagerole writes by default that the workload gives up, each with its reason",
                &raw::OPT_OUT_FIELDS,
                p,
            )
        }
        Field::DataCapture => {
            let mut p = Map::new();
            p.insert(
                "destination".into(),
                locations("S3 prefixes the captured data is written to (DestinationS3Uri)"),
            );
            p.insert(
                "kms_key".into(),
                values("the key the endpoint configuration names for the captured data (DataCaptureConfig.KmsKeyId), as a key ARN; AWS has no condition key to pin it"),
            );
            let mut b = block(
                "endpoint data capture (DataCaptureConfig)",
                raw::DATA_CAPTURE_FIELDS,
                p,
            );
            b["required"] = json!(["destination"]);
            b
        }
        Field::Lambdas => values("Lambda function ARNs the workload invokes (a pipeline: its LambdaSteps' functions), or inputs of kind lambda_function_arn"),
        Field::StepJobNames => json!({
            "description": "how SageMaker Pipelines names the steps' jobs: service (pipelines-<execution id>-<step>-..., the SDK's default; the pipeline's role is scoped to pipelines-*) or custom-prefix (PipelineDefinitionConfig(use_custom_job_prefix=True); each step's base job name is <name_prefix>-<workload>)",
            "enum": StepJobNames::ALL.map(StepJobNames::spec_name)
        }),
        Field::Steps => json!({
            "description": "the SageMaker Python SDK step types the pipeline uses; each is checked against what the pipeline launches and calls",
            "type": "array",
            "items": {"enum": PIPELINE_STEPS.iter().filter(|s| !matches!(s.needs, StepNeeds::Unsupported(_))).map(|s| s.name).collect::<Vec<_>>()}
        }),
        Field::PropertyFiles => locations("S3 prefixes of the property files the pipeline's JsonGet reads (s3:GetObject)"),
        Field::Consumers => strings("the accounts (12-digit ids) the group's resource policy shares its versions with: DescribeModelPackage on its versions, what a cross-account deploy reads"),
        Field::CallbackQueues => values("SQS queue ARNs the pipeline's CallbackSteps send to (arn:aws:sqs:REGION:ACCOUNT:NAME), or inputs of kind sqs_queue_arn"),
        Field::Domain => string("the CreateDomain workload"),
        Field::Owner => string("the CreateUserProfile workload that owns the space (every space has one) or the Studio Classic app"),
        Field::Sharing => json!({
            "description": "the space's sharing type: private (only its owner uses it, under the owner's role; the default) or shared (every profile of the domain, under the domain's space role)",
            "enum": Sharing::ALL.map(Sharing::spec_name)
        }),
        Field::Space => string("the CreateSpace workload the app runs in"),
        Field::AppTypes => json!({
            "description": "the Studio app types the app may be",
            "type": "array",
            "items": {"enum": crate::model::studio_app_types()}
        }),
        Field::Associate => json!({
            "type": "boolean",
            "description": "create the domain's user profiles and spaces in an existing domain"
        }),
        Field::Workteam => string(
            "the work team ARN (arn:aws:sagemaker:REGION:ACCOUNT:workteam/private-crowd/NAME)",
        ),
        Field::Streaming => {
            let mut p = Map::new();
            p.insert(
                "input_topic".into(),
                value("SNS topic ARN the tasks arrive on, or an input of kind sns_topic_arn"),
            );
            p.insert(
                "output_topic".into(),
                value("SNS topic ARN the labels are published to, or an input of kind sns_topic_arn"),
            );
            let mut b = block(
                "a streaming labeling job's SNS topics",
                raw::STREAMING_FIELDS,
                p,
            );
            b["required"] = json!(["input_topic"]);
            b
        }
        Field::Follow => follow(
            "with launches: what the role may do to what it launched (logs, update, delete, invoke); default logs and update for notebooks and Studio, nothing for pipelines",
        ),
        Field::AutomatedLabeling => json!({
            "type": "boolean",
            "description": "the labeling job trains and runs models to label part of the data"
        }),
    }
}

fn workload() -> Value {
    let mut properties = Map::new();
    properties.insert(
        "api".into(),
        json!({
            "description": "the SageMaker API the workload calls (`sagerole apis` lists them)",
            "enum": APIS.iter().map(|a| a.name).collect::<Vec<_>>()
        }),
    );
    properties.insert(
        "guardrails".into(),
        block(
            "request-key guardrails of this workload's create calls; they override the spec's",
            &raw::GUARD_FIELDS,
            guards(),
        ),
    );
    for f in Field::ALL {
        properties.insert(f.spec_name().into(), field(f));
    }
    // Per API: only its fields, and its required ones.
    let by_api: Vec<Value> = APIS
        .iter()
        .map(|a| {
            let mut allowed = vec!["api", "guardrails"];
            allowed.extend(a.fields.iter().map(|f| f.spec_name()));
            json!({
                "if": {"properties": {"api": {"const": a.name}}, "required": ["api"]},
                "then": {
                    "propertyNames": {"enum": allowed},
                    "required": a.required.iter().map(|f| f.spec_name()).collect::<Vec<_>>()
                }
            })
        })
        .collect();
    let mut w = block("a SageMaker workload", &raw::WORKLOAD_FIELDS, properties);
    w["required"] = json!(["api"]);
    w["allOf"] = Value::Array(by_api);
    w
}

fn labelled(description: &str, item: &str) -> Value {
    json!({
        "type": "object",
        "description": description,
        "propertyNames": {"pattern": NAME},
        "additionalProperties": {"$ref": format!("#/$defs/{item}")}
    })
}

/// A declared statement (`statement "NAME" { ... }` in a role or caller).
fn statement() -> Value {
    let mut p = Map::new();
    p.insert(
        "reason".into(),
        json!({"type": "string", "minLength": 1, "description": "why the role or caller needs it, shown by explain and in the output"}),
    );
    let mut actions =
        strings("SERVICE:Action names, as the Service Authorization Reference lists them");
    actions["oneOf"][1]["minItems"] = json!(1);
    p.insert("actions".into(), actions);
    let mut resources = strings("ARNs the actions are allowed on; \"*\" only with allow_wildcard");
    resources["oneOf"][1]["minItems"] = json!(1);
    p.insert("resources".into(), resources);
    let values = json!({"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"type": "string"}}]});
    p.insert(
        "conditions".into(),
        json!({
            "type": "object",
            "description": "as IAM writes them: operator, then condition key, then values",
            "additionalProperties": {"type": "object", "additionalProperties": values}
        }),
    );
    p.insert(
        "allow_wildcard".into(),
        json!({"type": "string", "minLength": 1, "description": "why the statement grants \"*\": the only way to a * resource (a warning)"}),
    );
    let mut b = block(
        "access no catalog entry models, declared with its reason; it passes the same lint as every statement",
        raw::STATEMENT_FIELDS,
        p,
    );
    b["required"] = json!(["reason", "actions", "resources"]);
    b
}

/// The schema, as a JSON value.
pub fn schema() -> Value {
    let mut guardrails = Map::new();
    guardrails.insert(
        "permissions_boundary".into(),
        string("managed policy ARN set as permissions boundary on every role"),
    );
    guardrails.insert(
        "path".into(),
        string("IAM path of every role and policy, /.../"),
    );
    guardrails.insert(
        "tags".into(),
        json!({"type": "object", "description": "tags on every role and policy: literal keys, each value a string or an input of kind tag_value", "additionalProperties": value("the tag's value, or an input of kind tag_value")}),
    );
    guardrails.extend(guards());
    let mut quotas = Map::new();
    quotas.insert(
        "trust_policy_size".into(),
        json!({"type": "integer", "description": "the account's trust policy size quota (2,048 by default)"}),
    );
    quotas.insert(
        "managed_policies_per_role".into(),
        json!({"type": "integer", "description": "the account's managed policies per role quota (10 by default)"}),
    );
    let mut role = Map::new();
    role.insert(
        "workloads".into(),
        strings("workloads that run under this role"),
    );
    role.insert(
        "trust".into(),
        json!({"enum": ["auto", "strict", "off"], "description": "how far the trust policy narrows aws:SourceArn"}),
    );
    role.insert("description".into(), string("the role's IAM description"));
    role.insert(
        "permissions".into(),
        json!({"enum": ["scoped", "full-access"], "description": "scoped policies (default), or AWS's AmazonSageMakerFullAccess"}),
    );
    role.insert(
        "full_access_buckets".into(),
        strings("with full-access: buckets that get its S3 actions"),
    );
    role.insert(
        "statement".into(),
        labelled(
            "statements the role needs beyond its workloads', by name",
            "statement",
        ),
    );
    role.insert(
        "existing".into(),
        json!({"type": "boolean", "description": "the role exists already: the output takes its name as the input <role>_role_name and attaches the policies to it; its trust policy is its owner's"}),
    );
    let mut caller = Map::new();
    caller.insert(
        "statement".into(),
        labelled(
            "statements the caller needs beyond its launches, by name",
            "statement",
        ),
    );
    caller.insert(
        "principal".into(),
        value("ARN of the IAM role or user that launches the workloads, or an input of kind iam_role_arn (a role without a path)"),
    );
    caller.insert("passes".into(), strings("roles it may pass to SageMaker"));
    caller.insert("launches".into(), strings("workloads it may create"));
    caller.insert(
        "approves".into(),
        strings("model registry workloads (CreateModelPackageGroup, CreateModelPackage) whose model versions it may approve or reject (UpdateModelPackage, pinned by sagemaker:ModelApprovalStatus)"),
    );
    caller.insert(
        "follow".into(),
        follow("what it may do to what it launched (logs, update, delete, invoke); default logs and update, for a state machine update"),
    );
    caller.insert(
        "kind".into(),
        json!({"enum": CallerKind::ALL.map(CallerKind::spec_name), "description": "direct (default), or step-functions: the execution role of a state machine whose tasks run SageMaker jobs"}),
    );
    let mut top = Map::new();
    top.insert(
        "$schema".into(),
        string("where editors find this schema, e.g. ./schema/sagerole.schema.json"),
    );
    top.insert(
        "name_prefix".into(),
        json!({
            "description": "prefix of every role, policy and SageMaker resource name; or an input of kind name_prefix, so that one output serves several deployments in one account",
            "oneOf": [{"type": "string", "pattern": NAME, "maxLength": 32}, input_ref()]
        }),
    );
    let mut inputs = labelled("values the deployment passes in, by name", "input");
    inputs["propertyNames"] = json!({"pattern": INPUT_NAME, "maxLength": 64});
    top.insert("input".into(), inputs);
    top.insert(
        "regions".into(),
        json!({
            "description": "the regions whose resources the roles reach (one role serves every region of its account); every region when left out",
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "items": {"type": "string", "pattern": REGION}
        }),
    );
    top.insert(
        "guardrails".into(),
        block(
            "settings for every role and policy",
            &raw::GUARDRAIL_FIELDS,
            guardrails,
        ),
    );
    top.insert(
        "quotas".into(),
        block(
            "IAM quotas your account has raised",
            raw::QUOTA_FIELDS,
            quotas,
        ),
    );
    // A spec without workloads is an error (it would generate an empty stack).
    let mut workloads = labelled("SageMaker workloads by name", "workload");
    workloads["minProperties"] = json!(1);
    top.insert("workload".into(), workloads);
    top.insert("role".into(), labelled("execution roles by name", "role"));
    top.insert(
        "caller".into(),
        labelled("principals that launch workloads, by name", "caller"),
    );
    let mut r = block(
        "an execution role and the workloads that run under it",
        raw::ROLE_FIELDS,
        role,
    );
    r["required"] = json!(["workloads"]);
    let mut c = block(
        "a principal that launches workloads and passes their roles",
        raw::CALLER_FIELDS,
        caller,
    );
    c["required"] = json!(["principal"]);
    let mut root = block("a sagerole spec", raw::TOP_FIELDS, top);
    root["required"] = json!(["name_prefix", "workload"]);
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    out.insert("$id".into(), json!("sagerole.schema.json"));
    out.insert(
        "title".into(),
        json!(format!("sagerole {} spec", crate::VERSION)),
    );
    for (k, v) in root.as_object().expect("a block is an object") {
        out.insert(k.clone(), v.clone());
    }
    out.insert(
        "$defs".into(),
        json!({"input": input_block(), "workload": workload(), "role": r, "caller": c, "statement": statement()}),
    );
    Value::Object(out)
}

/// The schema as the shipped file holds it.
pub fn text() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).expect("a JSON value serializes");
    s.push('\n');
    s
}
