# A training job and its model whose buckets, KMS keys, network, serving
# image repository and CI role come from the configuration that creates
# them: each is an `input`, which the Terraform module takes as a variable
# and the CloudFormation template as a parameter. One spec serves every
# environment that passes its own values. The name prefix is an input too,
# so that `fraud-dev` and `fraud-prod` deploy side by side in one account:
# their roles, policies and the job names each may use follow the prefix
# passed in. So is the value of the `environment` tag on every role and
# policy: `dev` or `prod`, as each deployment passes it.

name_prefix = { input = "name_prefix" }

guardrails {
  tags = { team = "fraud-ml", environment = { input = "environment" } }
}

input "environment" {
  kind        = "tag_value"
  description = "Value of the environment tag on every role and policy, such as dev or prod."
}

input "name_prefix" {
  kind        = "name_prefix"
  description = "Prefix of every role, policy and job name: one per deployment, such as fraud-dev or fraud-prod."
}

input "data_bucket" {
  kind        = "s3_bucket"
  description = "Bucket that holds the training and validation data."
}

input "artifacts_bucket" {
  kind        = "s3_bucket"
  description = "Bucket the training job writes its model artifacts to, which the model reads."
}

input "data_key" {
  kind        = "kms_key_arn"
  description = "ARN of the KMS key that encrypts the training data."
}

input "artifacts_key" {
  kind        = "kms_key_arn"
  description = "ARN of the KMS key that encrypts the model artifacts."
}

input "volume_key" {
  kind        = "kms_key_arn"
  description = "ARN of the KMS key that encrypts the ML storage volumes."
}

input "private_subnet_a" {
  kind = "subnet_id"
}

input "private_subnet_b" {
  kind = "subnet_id"
}

input "jobs_security_group" {
  kind        = "security_group_id"
  description = "Security group of the training jobs and the model's containers."
}

input "serve_repository" {
  kind        = "ecr_repository_arn"
  description = "ARN of the ECR repository of the model's serving image."
}

input "ci_role" {
  kind        = "iam_role_arn"
  description = "ARN of the CI role (without a path) that trains and serves the fraud model; the caller policy is attached to it."
}

workload "train" {
  api = "CreateTrainingJob"
  inputs = [
    { bucket = { input = "data_bucket" }, prefix = "train/" },
    { bucket = { input = "data_bucket" }, prefix = "validation/" },
  ]
  outputs = [{ bucket = { input = "artifacts_bucket" }, prefix = "models/" }]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-xgb:1.7"]

  vpc {
    subnets         = [{ input = "private_subnet_a" }, { input = "private_subnet_b" }]
    security_groups = [{ input = "jobs_security_group" }]
  }

  kms {
    input  = { input = "data_key" }
    output = { input = "artifacts_key" }
    volume = { input = "volume_key" }
  }
}

workload "serve" {
  api        = "CreateModel"
  model_data = [{ bucket = { input = "artifacts_bucket" }, prefix = "models/" }]
  images     = [{ input = "serve_repository" }]

  vpc {
    subnets         = [{ input = "private_subnet_a" }, { input = "private_subnet_b" }]
    security_groups = [{ input = "jobs_security_group" }]
  }

  kms {
    input  = { input = "artifacts_key" }
    volume = { input = "volume_key" }
  }
}

role "exec" {
  workloads   = ["train", "serve"]
  description = "Runs fraud training jobs and serves the fraud model"
}

caller "deployer" {
  principal = { input = "ci_role" }
  passes    = ["exec"]
  launches  = ["train", "serve"]
  follow    = ["logs", "update"]
}
