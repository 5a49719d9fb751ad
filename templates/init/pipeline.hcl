# A sagerole spec: a SageMaker pipeline whose role launches a processing
# step and a training step, each under a role of its own. Replace the
# example values, then run
#   sagerole generate sagerole.hcl --out sagemaker-iam

name_prefix = "myteam"

# One role serves every region of the account. To hold the roles to some
# regions only, list them:
# regions = ["us-east-1"]

workload "prepare" {
  api     = "CreateProcessingJob"
  inputs  = ["s3://myteam-data/raw/"]
  outputs = ["s3://myteam-data/prepared/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/myteam/prepare:1"]
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://myteam-data/prepared/"]
  outputs = ["s3://myteam-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/myteam/trainer:1"]
}

# The pipeline's role may pass exactly the steps' roles and create their jobs.
# SageMaker Pipelines names the steps' jobs pipelines-... by default, so the
# role may create and stop any pipelines-* job of these kinds. If the
# pipeline sets PipelineDefinitionConfig(use_custom_job_prefix=True) and
# each step's base_job_name is myteam-<workload>, uncomment step_job_names
# to keep the role to the steps' own names.
workload "nightly" {
  api      = "CreatePipeline"
  launches = ["prepare", "train"]
  steps    = ["ProcessingStep", "TrainingStep"]
  # step_job_names = "custom-prefix"
}

# strict trust: only this account's training and processing jobs may
# assume the role.
role "steps" {
  workloads = ["prepare", "train"]
  trust     = "strict"
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/myteam-ci"
  passes    = ["nightly"]
  launches  = ["nightly"]
}
