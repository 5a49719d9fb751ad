# Declared statements pass the lint every generated statement passes; each
# finding is an error at the statement, the spec's to fix.
name_prefix = "lab"

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://lab-data/train/"]
  outputs = ["s3://lab-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}

role "jobs" {
  workloads = ["train"]

  statement "typo" {
    reason    = "reads its settings"
    actions   = ["ssm:GetParameterz"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:parameter/ml/setup"]
  }

  statement "wrong-type" {
    reason    = "reads its settings"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:document/ml-setup"]
  }

  statement "whole-service" {
    reason    = "manages its settings"
    actions   = ["ssm:*"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:parameter/ml/*"]
  }

  statement "any-role" {
    reason    = "hands its role on"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::111122223333:role/*"]
  }

  statement "old-key" {
    reason    = "stores the run's database password"
    actions   = ["secretsmanager:CreateSecret"]
    resources = ["arn:aws:secretsmanager:us-east-1:111122223333:secret:ml/*"]
    conditions = {
      StringEquals = {
        "secretsmanager:KmsKeyId" = ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
      }
    }
  }

  statement "no-resource-type" {
    reason    = "logs who it runs as"
    actions   = ["sts:GetCallerIdentity"]
    resources = ["arn:aws:iam::111122223333:role/lab-jobs"]
  }

  statement "tag-keys" {
    reason    = "reads parameters tagged for the team"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:parameter/team/*"]
    conditions = {
      StringEquals = { "aws:TagKeys" = ["team"] }
    }
  }

  statement "list-everything" {
    reason    = "lists the whole data bucket"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::lab-data"]
  }
}
