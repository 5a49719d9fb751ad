# Edit: move the training job from one subnet to another.
name_prefix = "fraud"

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fraud-data/train/"]
  outputs = ["s3://fraud-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-xgb:1"]

  vpc {
    subnets         = ["subnet-0aaa1111bbbb22223", "subnet-0eee5555ffff66667"]
    security_groups = ["sg-0aaa1111bbbb22223"]
  }
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
