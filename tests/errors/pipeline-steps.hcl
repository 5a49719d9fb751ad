name_prefix = "recs"

workload "prepare" {
  api     = "CreateProcessingJob"
  outputs = ["s3://recs-features/daily/"]
  images  = ["222233334444.dkr.ecr.eu-central-1.amazonaws.com/recs/prepare:1"]
}

workload "tune" {
  api     = "CreateHyperParameterTuningJob"
  outputs = ["s3://recs-models/tuning/"]
  images  = ["222233334444.dkr.ecr.eu-central-1.amazonaws.com/recs/ranker:1"]
}

# Default step job names: every step names what it needs, and each
# unknown or unmodelled step type is refused.
workload "nightly" {
  api            = "CreatePipeline"
  launches       = ["prepare"]
  step_job_names = "servce"
  steps          = ["ProcessingStep", "TrainingStep", "LambdaStep", "CallbackStep", "EMRStep", "RegisterModel", "ConditonStep"]
  property_files = ["recs-features/daily/evaluation/"]
}

# Custom job prefixes: a tuning step's prefix is at most 6 characters.
workload "weekly" {
  api             = "CreatePipeline"
  launches        = ["tune"]
  step_job_names  = "custom-prefix"
  steps           = ["TuningStep", "CallbackStep"]
  callback_queues = ["https://sqs.eu-central-1.amazonaws.com/222233334444/recs-approvals"]
}
