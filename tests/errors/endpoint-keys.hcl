name_prefix = "churn"

workload "serve" {
  api    = "CreateModel"
  images = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-serve:2"]

  kms {
    output         = "arn:aws:kms:us-east-1:111122223333:key/5555eeee-12ab-34cd-56ef-1234567890ab"
    bucket_default = "alias/churn-capture"
  }

  data_capture {
    kms_key = "arn:aws:kms:us-east-1:111122223333:alias/churn-capture"
  }
}

workload "shadow" {
  api    = "CreateModel"
  images = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-serve:2"]

  data_capture {
    destination = "churn-capture/shadow/"
    kms_keys    = "arn:aws:kms:us-east-1:111122223333:key/8888bbbb-12ab-34cd-56ef-1234567890ab"
  }
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]

  data_capture {
    destination = "s3://churn-capture/train/"
  }
}
