name_prefix = "fraud"

workload "models" {
  api = "CreateModelPackageGroup"
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://fraud-models/xgb/"]
  images  = ["444455556666.dkr.ecr.eu-west-1.amazonaws.com/fraud/xgb:1"]
}

# A group shares its versions with accounts named by their 12-digit ids,
# not by a short id or a principal ARN.
workload "shared" {
  api       = "CreateModelPackageGroup"
  consumers = ["44445555666", "arn:aws:iam::444455556666:root", "444455556666"]
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

# A model from the registry names a model package group, and where its
# versions' artifacts are.
workload "from-train" {
  api                 = "CreateModel"
  model_package_group = "train"
  model_data          = ["s3://fraud-models/xgb/"]
  images              = ["444455556666.dkr.ecr.eu-west-1.amazonaws.com/fraud/xgb:1"]
}

workload "from-typo" {
  api                 = "CreateModel"
  model_package_group = "modls"
  images              = ["444455556666.dkr.ecr.eu-west-1.amazonaws.com/fraud/xgb:1"]
}

workload "retrain" {
  api                 = "CreateTrainingJob"
  model_package_group = "models"
  outputs             = ["s3://fraud-models/xgb/"]
  images              = ["444455556666.dkr.ecr.eu-west-1.amazonaws.com/fraud/xgb:1"]
}

# A group of another account is named by its group ARN, not a version's.
workload "from-version" {
  api                 = "CreateModel"
  model_package_group = "arn:aws:sagemaker:eu-west-1:111122223333:model-package/fraud-models/3"
  model_data          = ["s3://fraud-tooling/models/"]
  images              = ["444455556666.dkr.ecr.eu-west-1.amazonaws.com/fraud/xgb:1"]
}
