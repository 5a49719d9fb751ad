name_prefix = "fraud"

workload "models" {
  api = "CreateModelPackageGroup"
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://fraud-models/xgb/"]
  images  = ["444455556666.dkr.ecr.eu-west-1.amazonaws.com/fraud/xgb:1"]
}

# An approver names model package groups: a misspelt group, a training
# job and a list without groups are refused.
caller "approver" {
  principal = "arn:aws:iam::444455556666:role/fraud-approver"
  approves  = ["modles", "train"]
}

caller "nobody" {
  principal = "arn:aws:iam::444455556666:role/fraud-nobody"
  approves  = []
}
