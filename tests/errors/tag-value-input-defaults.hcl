# An input of kind tag_value takes IAM's tag value rules for its default:
# at most 256 characters (the first default has 257), of letters, digits,
# spaces and _ . : / = + - @ (a comma and a line break are neither). The
# empty value is a tag value IAM takes, and passes.
name_prefix = "churn"

input "owner" {
  kind    = "tag_value"
  default = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
}

input "cost_center" {
  kind    = "tag_value"
  default = "ml,platform"
}

input "note" {
  kind    = "tag_value"
  default = "first\nsecond"
}

input "empty" {
  kind    = "tag_value"
  default = ""
}

guardrails {
  tags = {
    owner         = { input = "owner" }
    "cost-center" = { input = "cost_center" }
    note          = { input = "note" }
    empty         = { input = "empty" }
  }
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-data/train/"]
  outputs = ["s3://churn-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}
