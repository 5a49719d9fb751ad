# AutoML creates and deletes models and endpoints under its role with names AWS does
# not document: its role is its own, or the pins of "flow"'s CreateModel would not hold.
name_prefix = "acc"

workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://acc-models/serve/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/serve:1"]
  vpc {
    subnets         = ["subnet-0c1d2e3f4a5b60718"]
    security_groups = ["sg-0c1d2e3f4a5b60718"]
  }
}

workload "flow" {
  api      = "CreatePipeline"
  launches = ["serve"]
}

workload "baseline" {
  api     = "CreateAutoMLJob"
  inputs  = ["s3://acc-training/tabular/"]
  outputs = ["s3://acc-automl/baseline/"]
}

role "shared" {
  workloads = ["flow", "baseline"]
}
role "serve" {
  workloads = ["serve"]
}
