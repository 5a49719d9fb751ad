name_prefix = "flow"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://flow-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
  follow  = ["logs"]
}

workload "nb" {
  api    = "CreateNotebookInstance"
  follow = ["logs"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci-deployer"
  passes    = ["train"]
  launches  = ["train"]
  follow    = ["log", "restart", "update"]
  kind      = "step-function"
}

caller "analyst" {
  principal = "arn:aws:iam::111122223333:user/analyst"
  passes    = ["train"]
  launches  = ["train"]
  kind      = "step-functions"
}

caller "auditor" {
  principal = "arn:aws:iam::111122223333:role/auditor"
  passes    = ["train"]
  follow    = ["logs"]
}
