name_prefix = "legacy"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://legacy-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}

workload "prep" {
  api    = "CreateProcessingJob"
  images = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/prep:1"]
}

role "a" {
  workloads           = ["train"]
  full_access_buckets = ["legacy-data"]
}

role "b" {
  workloads           = ["prep"]
  permissions         = "fullaccess"
}
