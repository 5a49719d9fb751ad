# Edit: replace the permissions boundary with another one.
# The base of the diff series: a training job and the model it produces,
# one role, one CI caller.
name_prefix = "fraud"

guardrails {
  permissions_boundary = "arn:aws:iam::111122223333:policy/ml-boundary-v2"
}

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
