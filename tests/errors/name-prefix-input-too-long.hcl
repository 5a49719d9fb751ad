# With name_prefix an input, every name it starts is checked with the
# longest prefix the input admits (32 characters): a role name of 64, a
# training job name of 63 and a tuning job name of 32 characters at most.
name_prefix = { input = "prefix" }

input "prefix" {
  kind = "name_prefix"
}

workload "train-the-churn-model-every-week" {
  api     = "CreateTrainingJob"
  outputs = ["s3://pfx-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}

workload "tune" {
  api     = "CreateHyperParameterTuningJob"
  outputs = ["s3://pfx-out/tuning/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}

role "runs-the-training-and-tuning-jobs" {
  workloads = ["train-the-churn-model-every-week", "tune"]
}
