# The base with a statement the role declares: a grant like any other.
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

role "exec" {
  workloads = ["train", "serve"]

  statement "read-setup-parameter" {
    reason    = "the training script reads its settings from /fraud/train/setup"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:parameter/fraud/train/setup"]
  }
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/fraud-ci"
  passes    = ["exec"]
  launches  = ["train", "serve"]
}
