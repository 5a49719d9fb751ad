# Inputs of the kinds that name ECR repositories, Lambda functions, SNS
# topics, SQS queues and callers' roles: defaults that are not of their
# kind, and inputs used where another kind is taken.
name_prefix = "kinds"

input "ci_role" {
  kind    = "iam_role_arn"
  default = "arn:aws:iam::111122223333:role/ci/deployer"
}

input "notify" {
  kind    = "lambda_function_arn"
  default = "arn:aws:lambda:us-east-1:111122223333:function:notify:prod"
}

input "done" {
  kind    = "sns_topic_arn"
  default = "arn:aws:sqs:us-east-1:111122223333:done"
}

input "approvals" {
  kind    = "sqs_queue_arn"
  default = "https://sqs.us-east-1.amazonaws.com/111122223333/approvals"
}

input "repository" {
  kind    = "ecr_repository_arn"
  default = "111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"
}

input "key" {
  kind = "kms_key_arn"
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://kinds-out/models/"]
  images  = [{ input = "notify" }]
}

workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://kinds-out/models/"]
  images     = [{ input = "repository" }]

  async {
    output = ["s3://kinds-out/async/"]
    topics = [{ input = "approvals" }]
  }
}

workload "flow" {
  api             = "CreatePipeline"
  launches        = ["train"]
  steps           = ["TrainingStep", "LambdaStep", "CallbackStep"]
  lambdas         = [{ input = "done" }]
  callback_queues = [{ input = "repository" }]
}

caller "deployer" {
  principal = { input = "key" }
  passes    = ["train"]
  launches  = ["train"]
}

caller "approver" {
  principal = { input = "ci_rol" }
  passes    = ["train"]
}
