//! SageMaker Pipelines: how a pipeline names its steps' jobs, and what each
//! step type of the SageMaker Python SDK asks of the pipeline's role.
//!
//! The model reads these tables to check a pipeline's `steps` and
//! `step_job_names`; the grants themselves come from the fields a step
//! needs (`launches`, `lambdas`, `callback_queues`, `property_files`).

use super::Field;

/// How SageMaker Pipelines names the jobs (and models) its steps create
/// (SageMaker Developer Guide, "IAM Access Management" for Pipelines,
/// "Customize access management for Pipelines jobs").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum StepJobNames {
    /// The default: `pipelines-<executionId>-<stepNamePrefix>-<entityToken>-<failureCount>`,
    /// "the corresponding IAM policy must match this string". Nothing in the
    /// name tells which pipeline started the job, so the pipeline's role is
    /// scoped to `pipelines-*`: every step job of every pipeline in the
    /// account and region.
    #[default]
    Service,
    /// The SageMaker Python SDK's `PipelineDefinitionConfig(use_custom_job_prefix=True)`
    /// (off by default, SDK `Pipeline`'s `_DEFAULT_DEFINITION_CFG`): a step's
    /// base job name replaces `pipelines`,
    /// `<MyBaseJobName>-<executionId>-<entityToken>-<failureCount>`. The
    /// steps' base job names are then their workloads' names
    /// (`<name_prefix>-<workload>`), and every grant keeps that scope.
    CustomPrefix,
}

impl StepJobNames {
    pub const ALL: [StepJobNames; 2] = [StepJobNames::Service, StepJobNames::CustomPrefix];

    pub const fn spec_name(self) -> &'static str {
        match self {
            StepJobNames::Service => "service",
            StepJobNames::CustomPrefix => "custom-prefix",
        }
    }

    pub fn from_spec_name(name: &str) -> Option<StepJobNames> {
        StepJobNames::ALL
            .into_iter()
            .find(|n| n.spec_name() == name)
    }
}

/// The static start of the names SageMaker Pipelines gives step jobs by
/// default ("A static string always prepended. This string identifies the
/// pipeline orchestration service as the job's source", SageMaker Developer
/// Guide, "Customize access management for Pipelines jobs").
pub const SERVICE_JOB_PREFIX: &str = "pipelines";

/// The longest custom prefix a step of an API's jobs takes (SageMaker
/// Developer Guide, "Customize access management for Pipelines jobs",
/// "Prefix length restrictions": 38 for training, model, transform,
/// processing, check and register steps; 6 for tuning and AutoML steps).
pub fn custom_prefix_limit(api: &str) -> Option<usize> {
    match api {
        "CreateTrainingJob" | "CreateProcessingJob" | "CreateTransformJob" | "CreateModel" => {
            Some(38)
        }
        "CreateHyperParameterTuningJob" => Some(6),
        _ => None,
    }
}

/// What a step type asks of the pipeline's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepNeeds {
    /// The step creates a job (or model) of one of these APIs: the pipeline
    /// must launch a workload of one of them.
    Launch(&'static [&'static str]),
    /// The step calls another service with the pipeline's role: the field
    /// that names what it calls must be set.
    Field(Field),
    /// The step runs inside SageMaker Pipelines and calls nothing with the
    /// role.
    Nothing,
    /// sagerole does not model what the step calls; the message says what.
    Unsupported(&'static str),
}

/// A step type of the SageMaker Python SDK (`sagemaker.workflow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelineStep {
    /// The SDK's class name, as a spec's `steps` names it.
    pub name: &'static str,
    pub needs: StepNeeds,
    /// Where the need comes from.
    pub source: &'static str,
}

const JOB_STEPS: &str = "SageMaker Developer Guide, 'IAM Access Management' for Pipelines ('Create and Describe permissions for each of the job types in the pipeline')";

/// The step types, sorted by name. ModelStep and CreateModelStep create a
/// model (SDK `_CreateModelStep`, CreateModel); a ModelStep that registers
/// a model, and RegisterModel, register a version in a model package group
/// (SDK `_RegisterModelStep`, CreateModelPackage): a model registry
/// workload, whose launch grants are the registration calls.
pub static PIPELINE_STEPS: &[PipelineStep] = &[
    PipelineStep {
        name: "AutoMLStep",
        needs: StepNeeds::Unsupported("an AutoML step's pipeline also creates a model from the best candidate, which sagerole does not model for pipelines"),
        source: "SageMaker Python SDK v2.257.6, src/sagemaker/workflow/automl_step.py",
    },
    PipelineStep {
        name: "CallbackStep",
        needs: StepNeeds::Field(Field::CallbackQueues),
        source: "SageMaker Developer Guide, 'Pipelines steps', Callback step ('SageMaker Pipelines sends a message to a customer-specified Amazon SQS queue'); 'AWS Managed Policies for SageMaker Pipelines', AmazonSageMakerPipelinesIntegrations (sqs:SendMessage)",
    },
    PipelineStep {
        name: "ClarifyCheckStep",
        needs: StepNeeds::Launch(&["CreateProcessingJob"]),
        source: "SageMaker Python SDK v2.257.6, src/sagemaker/workflow/clarify_check_step.py (runs a processing job); SageMaker Developer Guide, 'IAM Access Management' for Pipelines",
    },
    PipelineStep {
        name: "ConditionStep",
        needs: StepNeeds::Nothing,
        source: "SageMaker Developer Guide, 'Pipelines steps', Condition step (evaluates step properties in the pipeline; the JsonGet it may read needs property_files)",
    },
    PipelineStep {
        name: "CreateModelStep",
        needs: StepNeeds::Launch(&["CreateModel"]),
        source: JOB_STEPS,
    },
    PipelineStep {
        name: "EMRStep",
        needs: StepNeeds::Unsupported("an EMR step calls Amazon EMR, which sagerole does not model"),
        source: "SageMaker Python SDK v2.257.6, src/sagemaker/workflow/emr_step.py",
    },
    PipelineStep {
        name: "FailStep",
        needs: StepNeeds::Nothing,
        source: "SageMaker Python SDK v2.257.6, src/sagemaker/workflow/fail_step.py (stops the execution with an error message)",
    },
    PipelineStep {
        name: "LambdaStep",
        needs: StepNeeds::Field(Field::Lambdas),
        source: "SageMaker Developer Guide, 'Pipelines steps', Lambda step; 'AWS Managed Policies for SageMaker Pipelines', AmazonSageMakerPipelinesIntegrations (lambda:InvokeFunction)",
    },
    PipelineStep {
        name: "ModelStep",
        needs: StepNeeds::Launch(&["CreateModel", "CreateModelPackage", "CreateModelPackageGroup"]),
        source: "SageMaker Python SDK v2.257.6, src/sagemaker/workflow/model_step.py (model.create(): a CreateModel step; model.register(): a RegisterModel step, _RegisterModelStep); SageMaker Developer Guide, 'IAM Access Management' for Pipelines",
    },
    PipelineStep {
        name: "NotebookJobStep",
        needs: StepNeeds::Unsupported("a notebook job step uploads the notebook and runs it as a training job with its own inputs, which sagerole does not model for pipelines"),
        source: "SageMaker Python SDK v2.257.6, src/sagemaker/workflow/notebook_job_step.py",
    },
    PipelineStep {
        name: "ProcessingStep",
        needs: StepNeeds::Launch(&["CreateProcessingJob"]),
        source: JOB_STEPS,
    },
    PipelineStep {
        name: "QualityCheckStep",
        needs: StepNeeds::Launch(&["CreateProcessingJob"]),
        source: "SageMaker Python SDK v2.257.6, src/sagemaker/workflow/quality_check_step.py (runs a processing job); SageMaker Developer Guide, 'IAM Access Management' for Pipelines",
    },
    PipelineStep {
        name: "RegisterModel",
        needs: StepNeeds::Launch(&["CreateModelPackage", "CreateModelPackageGroup"]),
        source: "SageMaker Developer Guide, 'Register a Model Version' (SageMaker AI Pipelines: a RegisterModel step); SageMaker Python SDK v2.257.6, src/sagemaker/workflow/step_collections.py (RegisterModel) and _utils.py (_RegisterModelStep: the model package request, which PipelineSession records instead of calling create_model_package)",
    },
    PipelineStep {
        name: "TrainingStep",
        needs: StepNeeds::Launch(&["CreateTrainingJob"]),
        source: JOB_STEPS,
    },
    PipelineStep {
        name: "TransformStep",
        needs: StepNeeds::Launch(&["CreateTransformJob"]),
        source: JOB_STEPS,
    },
    PipelineStep {
        name: "TuningStep",
        needs: StepNeeds::Launch(&["CreateHyperParameterTuningJob"]),
        source: JOB_STEPS,
    },
];

/// The step type named `name`, exactly as the SDK spells it.
pub fn pipeline_step(name: &str) -> Option<&'static PipelineStep> {
    PIPELINE_STEPS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_sorted_and_launch_known_apis() {
        let names: Vec<&str> = PIPELINE_STEPS.iter().map(|s| s.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        for s in PIPELINE_STEPS {
            match s.needs {
                StepNeeds::Launch(apis) => {
                    for a in apis {
                        let api = super::super::api(a);
                        assert!(api.is_some(), "{}: {a}", s.name);
                        // A registry workload's group is named by the spec,
                        // not by a step's job prefix.
                        let named_by_spec =
                            api.is_some_and(|x| x.runs_under == super::super::RunsUnder::NoRole);
                        assert!(
                            custom_prefix_limit(a).is_some() || named_by_spec,
                            "{}: {a}",
                            s.name
                        );
                    }
                }
                StepNeeds::Field(f) => {
                    assert!(
                        super::super::api("CreatePipeline").unwrap().uses(f),
                        "{}: {f:?}",
                        s.name
                    );
                }
                StepNeeds::Nothing | StepNeeds::Unsupported(_) => {}
            }
        }
    }

    #[test]
    fn step_job_names_have_one_spec_name_each() {
        for n in StepJobNames::ALL {
            assert_eq!(StepJobNames::from_spec_name(n.spec_name()), Some(n));
        }
        assert_eq!(StepJobNames::default(), StepJobNames::Service);
        assert_eq!(StepJobNames::from_spec_name("Service"), None);
    }
}
