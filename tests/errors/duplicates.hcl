name_prefix = "churn"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

workload "Train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

role "a" {
  workloads = ["train"]
}

role "b" {
  workloads = ["train"]
}
