# Customer-churn model: a training job in a private VPC with encrypted data,
# the model it produces served behind an endpoint, and the CI role that
# launches both. The endpoint reads the model artifacts that the training
# job's output key encrypts, and its storage volume uses the volume key.
# The CI role follows the training job's logs, rolls the endpoint to the
# new model and smoke-tests it with a request.

name_prefix = "churn"

guardrails {
  permissions_boundary = "arn:aws:iam::111122223333:policy/ml-boundary"
  path                 = "/ml/"
  tags = {
    team        = "ml-platform"
    cost-center = "4711"
  }
  instance_types = ["ml.m5.*"]
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-data/train/", "s3://churn-data/validation/"]
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]

  vpc {
    subnets         = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"]
    security_groups = ["sg-0a1b2c3d4e5f60718"]
  }

  kms {
    input  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:111122223333:key/2234abcd-12ab-34cd-56ef-1234567890ab"
    volume = "arn:aws:kms:us-east-1:111122223333:key/3234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://churn-artifacts/models/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-serve:2"]

  vpc {
    subnets         = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"]
    security_groups = ["sg-0a1b2c3d4e5f60718"]
  }

  kms {
    input  = "arn:aws:kms:us-east-1:111122223333:key/2234abcd-12ab-34cd-56ef-1234567890ab"
    volume = "arn:aws:kms:us-east-1:111122223333:key/3234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

role "exec" {
  workloads   = ["train", "serve"]
  description = "Runs churn training jobs and serves the churn model"
}

caller "deployer" {
  principal = "arn:aws:iam::111122223333:role/ci-deployer"
  passes    = ["exec"]
  launches  = ["train", "serve"]
  follow    = ["logs", "update", "invoke"]
}
