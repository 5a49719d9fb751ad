# A sagerole spec: a processing job (feature engineering, evaluation) and
# the CI role that launches it. Replace the example values, then run
#   sagerole generate sagerole.hcl --out sagemaker-iam

name_prefix = "myteam"

# One role serves every region of the account. To hold the roles to some
# regions only, list them:
# regions = ["us-east-1"]

workload "features" {
  api     = "CreateProcessingJob"
  inputs  = ["s3://myteam-data/raw/"]
  outputs = ["s3://myteam-data/features/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/myteam/features:1"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/myteam-ci"
  passes    = ["features"]
  launches  = ["features"]
}
