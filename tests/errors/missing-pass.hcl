# A caller that launches a workload must pass its role: the missing entry
# of `passes` is a missing-field error at the launch that needs it.
name_prefix = "churn"

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-data/train/"]
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

role "exec" {
  workloads = ["train"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  launches  = ["train"]
}
