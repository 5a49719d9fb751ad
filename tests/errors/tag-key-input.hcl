# A tag's key cannot be an input: keys are the names the spec fixes (and
# the module's `tags` variable may not override), only a value may be one.
name_prefix = "churn"

input "environment" {
  kind = "tag_value"
}

guardrails {
  tags = {
    ({ input = "environment" }) = "dev"
  }
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-data/train/"]
  outputs = ["s3://churn-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}
