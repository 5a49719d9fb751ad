name_prefix = "churn"

workload "serve" {
  api             = "CreateModel"
  images          = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-serve:2"]
  rollback_alarms = ["", "serve-*"]

  async {
    inputs = ["s3://churn-async/requests/"]
    topics = ["arn:aws:sqs:us-east-1:111122223333:done", "arn:aws:sns:us-east-1:111122223333:done now"]
  }
}
