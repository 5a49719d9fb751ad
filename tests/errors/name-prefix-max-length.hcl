# max_length lowers a name_prefix input's maximum, and only that: from 1 to
# the kind's 32 characters, its default no longer, and no other kind.
name_prefix = { input = "prefix" }

input "prefix" {
  kind       = "name_prefix"
  max_length = 40
}

input "short" {
  kind       = "name_prefix"
  max_length = 4
  default    = "fraud-dev"
}

input "data" {
  kind       = "s3_bucket"
  max_length = 12
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = [{ bucket = { input = "data" }, prefix = "train/" }]
  outputs = ["s3://pfx-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
