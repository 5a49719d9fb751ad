name_prefix = "flow"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://flow-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}

workload "nightly" {
  api      = "CreatePipeline"
  launches = ["nightly", "trian"]
}

workload "empty" {
  api = "CreatePipeline"
}
