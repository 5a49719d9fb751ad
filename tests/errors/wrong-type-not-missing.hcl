# A field written with the wrong type is one problem: its type. The model,
# which never sees its value, must not also call it missing.
name_prefix = true

workload "train" {
  api     = ["CreateTrainingJob"]
  inputs  = ["s3://churn-data/train/"]
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

caller "ci" {
  principal = 111122223333
  passes    = ["train"]
  launches  = ["train"]
}
