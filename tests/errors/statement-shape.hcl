# The rules of the statement block itself: a name, a reason, something to
# allow, ARNs, IAM's operators, and allow_wildcard as the only way to "*".
name_prefix = "lab"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://lab-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}

role "jobs" {
  workloads = ["train"]

  statement "no-reason" {
    actions   = ["ssm:GetParameter"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:parameter/ml/setup"]
  }

  statement "star" {
    reason    = "reads any parameter"
    actions   = ["ssm:GetParameter"]
    resources = ["*"]
  }

  statement "needless-wildcard" {
    reason         = "reads its settings"
    actions        = ["ssm:GetParameter"]
    resources      = ["arn:aws:ssm:us-east-1:111122223333:parameter/ml/setup"]
    allow_wildcard = "just in case"
  }

  statement "bad-values" {
    reason    = "reads its settings"
    actions   = ["GetParameter"]
    resources = ["parameter/ml/setup", "arn:aws:ssm:us-east-1:111122223333:parameter/$${aws:RequestTag/team}"]
    conditions = {
      StringEqual = { "aws:ResourceTag/team" = ["ml"] }
      StringLike  = { "aws:ResourceTag/team" = [] }
    }
  }

  statement "Upper" {
    reason    = " "
    actions   = []
    resources = []
    effect    = "Deny"
  }
}
