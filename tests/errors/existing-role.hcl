name_prefix = "forecast"

input "exec_role_name" {
  kind = "s3_bucket"
}

input "team_role" {
  kind = "iam_role_name"
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = [{ bucket = { input = "exec_role_name" }, prefix = "models/" }]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/forecast:1"]
}

workload "tune" {
  api     = "CreateHyperParameterTuningJob"
  outputs = ["s3://forecast-artifacts/tuning/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/forecast:1"]
}

role "exec" {
  workloads = ["train"]
  existing  = true
  trust     = "auto"
}

role "tuner" {
  workloads   = ["tune"]
  existing    = true
  permissions = "full-access"
}
