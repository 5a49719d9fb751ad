# A team whose execution role comes from the account's baseline: the
# platform team creates and owns "forecast-exec" (its trust policy, its
# permissions boundary, its tags), and this spec only adds what the
# team's jobs need. The role is `existing`: the Terraform module and the
# CloudFormation template take its name as an input, attach the generated
# policies to it and create no role. The CI role launches the training job
# and the batch transform, passing that role.

name_prefix = "forecast"

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://forecast-data/train/"]
  outputs = ["s3://forecast-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/forecast-deepar:1"]
}

workload "model" {
  api        = "CreateModel"
  model_data = ["s3://forecast-artifacts/models/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/forecast-deepar:1"]
}

role "exec" {
  workloads   = ["train", "model"]
  existing    = true
  description = "Runs the forecast training jobs and serves the forecast model"
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/forecast-ci"
  passes    = ["exec"]
  launches  = ["train", "model"]
  follow    = ["logs"]
}
