name_prefix = var.prefix

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-data/${var.team}/"]
  outputs = [lower("S3://CHURN-ARTIFACTS/")]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}
