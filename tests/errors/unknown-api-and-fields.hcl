name_prefix = "churn"

workload "train" {
  api     = "CreateTraningJob"
  input   = ["s3://churn-data/train/"]
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://churn-artifacts/models/"]
  outputs    = ["s3://churn-artifacts/predictions/"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["serve"]
  launches  = ["serve"]
  region    = "us-east-1"
}
