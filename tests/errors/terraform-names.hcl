# Terraform names come from spec names, with hyphens as underscores and
# suffixes added: role "caller-deployer" and caller "deployer" would both be
# caller_deployer, roles "exec" and "exec-trust" both exec_trust, and a
# workload without a role block named "2score" would start with a digit.
# Terraform refuses each, so the spec is refused.
name_prefix = "churn"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}

workload "tune" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-tuning/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}

workload "2score" {
  api     = "CreateProcessingJob"
  outputs = ["s3://churn-scores/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}

workload "evaluate" {
  api     = "CreateProcessingJob"
  inputs  = ["s3://churn-models/"]
  outputs = ["s3://churn-evaluation/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}

role "exec" { workloads = ["train"] }

role "exec-trust" { workloads = ["tune"] }

role "caller-deployer" { workloads = ["evaluate"] }

caller "deployer" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["exec", "exec-trust", "2score"]
  launches  = ["train", "tune", "2score"]
}
