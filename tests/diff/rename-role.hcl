# Edit: rename the role.
# The base of the diff series: a training job and the model it produces,
# one role, one CI caller.
name_prefix = "fraud"

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

role "jobs" {
  workloads = ["train", "serve"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/fraud-ci"
  passes    = ["jobs"]
  launches  = ["train", "serve"]
}
