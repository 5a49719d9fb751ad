# name_prefix names an input of another kind: a bucket name is no prefix.
name_prefix = { input = "data" }

input "data" {
  kind = "s3_bucket"
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = [{ bucket = { input = "data" }, prefix = "train/" }]
  outputs = ["s3://pfx-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
