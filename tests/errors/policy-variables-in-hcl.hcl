# An HCL spec writes an IAM policy variable as $${...}; the same rule holds:
# only the principal's variables, never the request's.
name_prefix = "home"

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://home-data/$${aws:username}/", "s3://home-data/$${aws:SourceIp}/"]
  outputs = ["s3://home-data/out/$${aws:PrincipalAccount}/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/train:1"]
}

workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://home-models/$${aws:userid}/model.tar.gz"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/serve:1"]
  rollback_alarms = ["serve-$${aws:RequestTag/alarm}"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["train", "serve"]
  launches  = ["train", "serve"]
}
