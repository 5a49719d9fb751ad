# A sagerole spec: one training job, its execution role, and the CI role
# that launches it. Replace the example values, then run
#   sagerole generate sagerole.hcl --out sagemaker-iam
# Reference: `sagerole apis` lists every API and what each field grants.

# Every role and policy name starts with this prefix.
name_prefix = "myteam"

# One role serves every region of the account. To hold the roles to some
# regions only, list them:
# regions = ["us-east-1"]

# A training job reads its inputs, writes its model artifacts and pulls
# its image; everything else is denied.
workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://myteam-data/train/"]
  outputs = ["s3://myteam-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/myteam/trainer:1"]

  # Uncomment to run in your VPC and encrypt with your keys; callers are
  # then held to exactly these values.
  # vpc {
  #   subnets         = ["subnet-0123456789abcdef0"]
  #   security_groups = ["sg-0123456789abcdef0"]
  # }
  # kms {
  #   volume = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000"
  # }
}

# Who launches the job: it may pass the role to SageMaker and create jobs
# named myteam-train*.
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/myteam-ci"
  passes    = ["train"]
  launches  = ["train"]
}
