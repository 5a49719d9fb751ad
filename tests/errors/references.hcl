name_prefix = "churn"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

workload "batch" {
  api     = "CreateTransformJob"
  model   = "scorer"
  inputs  = ["s3://churn-data/batch/"]
  outputs = ["s3://churn-data/scored/"]
}

role "exec" {
  workloads = ["train", "trian"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["exce"]
  launches  = ["train", "deploy"]
}
