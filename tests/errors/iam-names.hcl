name_prefix = "customer-churn-platform"

workload "weekly-retraining-with-extended-features-and-holdout" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}

workload "Serve_Model" {
  api        = "CreateModel"
  model_data = ["s3://churn-artifacts/models/model.tar.gz"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-serve:2"]
}

workload "tune-with-long-name" {
  api     = "CreateHyperParameterTuningJob"
  outputs = ["s3://churn-artifacts/tuning/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}
