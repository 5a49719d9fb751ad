# The base spec, its roles held to one region: every regional ARN narrows
# from every region (`*`) to us-east-1.
name_prefix = "fraud"

# The roles serve one region only.
regions = ["us-east-1"]

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fraud-data/train/"]
  outputs = ["s3://fraud-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-xgb:1"]
}

workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://fraud-models/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-serve:1"]
}

role "exec" {
  workloads = ["train", "serve"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/fraud-ci"
  passes    = ["exec"]
  launches  = ["train", "serve"]
}
