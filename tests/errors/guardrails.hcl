name_prefix = "lab"

guardrails {
  instance_types    = ["ml.m5.*", "p4d.24xlarge", "ML.C5.XLARGE"]
  network_isolation = "yes"
  tag_keys          = []
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://lab-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]

  guardrails {
    remote_debug   = 0
    tag_keys       = ["team", "bad	tab"]
  }
}

workload "batch" {
  api     = "CreateTransformJob"
  model   = "serve"
  inputs  = ["s3://lab-data/batch/"]
  outputs = ["s3://lab-artifacts/batch/"]

  guardrails {
    network_isolation = true
    remote_debug      = false
    instance_types    = ["ml.c5.*"]
  }
}

workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://lab-artifacts/models/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/server:1"]
}
