# A churn model retrained by two SageMaker Pipelines built with the
# SageMaker Python SDK. Both prepare the features, train, and evaluate the
# model; a ConditionStep reads the evaluation report with JsonGet and, when
# the model is good enough, a RegisterModel step registers it in the
# model registry, pending approval, and a LambdaStep notifies the team. The nightly
# pipeline keeps the SDK's default step job names (SageMaker Pipelines names
# every step's job pipelines-<execution id>-<step>-...) and waits in a
# CallbackStep for a person to approve. The weekly pipeline sets
# PipelineDefinitionConfig(use_custom_job_prefix=True) with each step's
# base_job_name set to churn-<workload>, so its role keeps to those names.

name_prefix = "churn"
regions     = ["us-east-1"]

workload "prepare" {
  api     = "CreateProcessingJob"
  inputs  = ["s3://churn-raw/events/"]
  outputs = ["s3://churn-features/daily/"]
  images  = ["683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"]
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-features/daily/train/"]
  outputs = ["s3://churn-models/xgb/"]
  images  = ["683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"]
}

# Writes the evaluation report (a PropertyFile) that the ConditionStep's
# JsonGet reads.
workload "evaluate" {
  api     = "CreateProcessingJob"
  inputs  = ["s3://churn-features/daily/test/", "s3://churn-models/xgb/"]
  outputs = ["s3://churn-eval/reports/"]
  images  = ["683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"]
}

# The model package group the RegisterModel steps register versions in
# (ModelPackageGroupName churn-models); it exists before the pipelines run.
workload "models" {
  api = "CreateModelPackage"
}

workload "nightly" {
  api             = "CreatePipeline"
  launches        = ["prepare", "train", "evaluate", "models"]
  steps           = ["ProcessingStep", "TrainingStep", "ConditionStep", "RegisterModel", "LambdaStep", "CallbackStep"]
  property_files  = ["s3://churn-eval/reports/"]
  lambdas         = ["arn:aws:lambda:us-east-1:333344445555:function:churn-notify"]
  callback_queues = ["arn:aws:sqs:us-east-1:333344445555:churn-approvals"]
}

workload "weekly" {
  api            = "CreatePipeline"
  launches       = ["prepare", "train", "evaluate", "models"]
  step_job_names = "custom-prefix"
  steps          = ["ProcessingStep", "TrainingStep", "ConditionStep", "RegisterModel", "LambdaStep"]
  property_files = ["s3://churn-eval/reports/"]
  lambdas        = ["arn:aws:lambda:us-east-1:333344445555:function:churn-notify"]
}

role "steps" {
  workloads = ["prepare", "train", "evaluate"]
  trust     = "strict"
}

caller "ci" {
  principal = "arn:aws:iam::333344445555:role/churn-deployer"
  passes    = ["nightly", "weekly"]
  launches  = ["nightly", "weekly"]
}
