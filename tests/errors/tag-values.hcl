# IAM refuses a tag whose key or value holds a tab or a line break (its
# pattern allows letters, digits, separators and _ . : / = + - @), so
# each is an error here rather than at deploy time. A no-break space is a
# separator and passes; a combining vowel sign is no letter (\p{L}) and
# fails.
name_prefix = "churn"

guardrails {
  tags = {
    team          = "ml\nplatform"
    "cost\tcenter" = "42"
    owner         = "data\u00a0science"
    note          = "tab\there"
    script        = "\u0939\u093f"
  }
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-data/train/"]
  outputs = ["s3://churn-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1"]
}

role "exec" {
  workloads = ["train"]
}

caller "deployer" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes   = ["exec"]
  launches = ["train"]
}
