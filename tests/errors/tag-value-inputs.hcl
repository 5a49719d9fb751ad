# A guardrail tag's value may be an input of kind tag_value, nothing else:
# a bucket name input is refused where a tag value stands, a tag value
# input where a bucket stands, and an undeclared input is named.
name_prefix = "churn"

input "data" {
  kind = "s3_bucket"
}

input "environment" {
  kind = "tag_value"
}

guardrails {
  tags = {
    team  = { input = "data" }
    stage = { input = "enviroment" }
  }
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = [{ bucket = { input = "environment" }, prefix = "train/" }]
  outputs = ["s3://churn-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}
