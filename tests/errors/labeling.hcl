name_prefix = "gt"

workload "label" {
  api      = "CreateLabelingJob"
  inputs   = ["s3://gt-in/manifests/"]
  outputs  = ["s3://gt-out/labels/"]
  workteam = "arn:aws:sagemaker:us-east-1:111122223333:workteam/mturk/labelers"
  lambdas = [
    "arn:aws:lambda:us-east-1:111122223333:function:gt-pre:prod",
    "arn:aws:sqs:us-east-1:111122223333:queue",
    "arn:aws:lambda:us-east-1:111122223333:function:bad name",
  ]
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://gt-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
  lambdas = ["arn:aws:lambda:us-east-1:111122223333:function:gt-pre"]
}

workload "review" {
  api      = "CreateFlowDefinition"
  outputs  = ["s3://gt-out/reviews/"]
  workteam = "arn:aws:sagemaker:us-east-1:111122223333:labeling-job/x"
}

workload "live" {
  api      = "CreateLabelingJob"
  inputs   = ["s3://gt-in/pages/"]
  outputs  = ["s3://gt-out/live/"]
  workteam = "arn:aws:sagemaker:us-east-1:111122223333:workteam/private-crowd/labelers"

  streaming {
    output_topic = "arn:aws:sqs:us-east-1:111122223333:labels"
  }

  vpc {
    subnets         = ["subnet-0abc"]
    security_groups = ["sg-0abc"]
  }
}
