# A workload with an unknown API is one problem, reported at its `api`:
# the model, the role, the domain and the launches that name it are not.
name_prefix = "churn"

workload "train" {
  api     = "CreateTraningJob"
  inputs  = ["s3://churn-data/train/"]
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

workload "batch" {
  api     = "CreateTransformJob"
  model   = "train"
  inputs  = ["s3://churn-data/batch/"]
  outputs = ["s3://churn-data/scored/"]
}

workload "studio" {
  api = "CreateDomian"
}

workload "ana" {
  api    = "CreateUserProfile"
  domain = "studio"
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["train", "ana", "nobody"]
  launches  = ["train", "batch"]
}
