name_prefix = "churn"

guardrails {
  permissions_boundary = "arn:aws:iam::111122223333:role/not-a-policy"
  path                 = "ml"
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["churn-data/train/", "s3://Churn_Data/train/", "s3://churn-data/train/*"]
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["docker.io/library/python:3.12", "111122223333.dkr.ecr.us-east-1.amazonaws.com/Churn:1"]

  vpc {
    subnets         = ["subnet-xyz"]
    security_groups = []
  }

  kms {
    input  = "alias/churn-data"
    output = "arn:aws:kms:us-east-1:111122223333:alias/churn-artifacts"
    volume = "arn:aws:kms:us-east-1:111122223333:key/not-a-key"
  }
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:group/ci"
  launches  = ["train"]
}
