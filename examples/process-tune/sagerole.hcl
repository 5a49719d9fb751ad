# Fraud detection: a feature-engineering processing job with a built-in
# scikit-learn container, then a hyperparameter tuning job over the features.
# Each workload gets a role of its own (no role blocks). The processing role
# opts into strict trust: only processing jobs of the account may assume it.

name_prefix = "fraud"

guardrails {
  tags = {
    team = "risk-ml"
  }
}

workload "features" {
  api     = "CreateProcessingJob"
  inputs  = ["s3://fraud-raw/transactions/"]
  outputs = ["s3://fraud-features/v3/"]
  # The scikit-learn container lives in an AWS-owned registry: no ECR grant.
  images = ["683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"]

  kms {
    volume = "arn:aws:kms:us-east-1:444455556666:key/4234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "tune" {
  api     = "CreateHyperParameterTuningJob"
  inputs  = ["s3://fraud-features/v3/train/", "s3://fraud-features/v3/validation/"]
  outputs = ["s3://fraud-models/tuning/"]
  images  = ["444455556666.dkr.ecr.us-east-1.amazonaws.com/fraud-lgbm:0.9"]

  kms {
    output = "arn:aws:kms:us-east-1:444455556666:key/5234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

role "features" {
  workloads = ["features"]
  trust     = "strict"
}

caller "pipeline" {
  principal = "arn:aws:iam::444455556666:role/fraud-orchestrator"
  passes    = ["features", "tune"]
  launches  = ["features", "tune"]
}

# The nightly run is a Step Functions state machine whose .sync tasks run
# the feature job and then the tuning job.
caller "nightly" {
  principal = "arn:aws:iam::444455556666:role/fraud-nightly-state-machine"
  kind      = "step-functions"
  passes    = ["features", "tune"]
  launches  = ["features", "tune"]
}

caller "analyst" {
  principal = "arn:aws:iam::444455556666:user/fraud-analyst"
  passes    = ["tune"]
  launches  = ["tune"]
}
