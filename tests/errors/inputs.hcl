name_prefix = "inp"

input "data_bucket" {
  kind    = "s3_bucket"
  default = "Not_A_Bucket"
}

input "artifacts_key" {
  kind = "kms_key"
}

input "subnet" {
  kind = "subnet_id"
}

input "Data-Bucket" {
  kind = "s3_bucket"
}

input "no_kind" {
  description = "a value without a kind"
}

input "tags" {
  kind = "s3_bucket"
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = [{ bucket = { input = "data_buckt" }, prefix = "train/" }]
  outputs = [{ bucket = { input = "subnet" }, prefix = "models/" }]
  images  = [{ input = "data_bucket" }]

  vpc {
    subnets         = [{ input = "subnet" }]
    security_groups = [{ input = "subnet" }]
  }

  kms {
    output = { input = "artifacts_key" }
    volume = { input = "data_bucket" }
  }
}

input "domain" {
  kind = "studio_domain_id"
}
