# A sagerole spec: a model served behind a real-time endpoint that rolls
# back on alarms, and the deployer that creates it. Replace the example
# values, then run
#   sagerole generate sagerole.hcl --out sagemaker-iam

name_prefix = "myteam"

# One role serves every region of the account. To hold the roles to some
# regions only, list them:
# regions = ["us-east-1"]

# CreateModel covers the model, its endpoint configuration and endpoint.
workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://myteam-models/serve/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/myteam/server:1"]

  # Deployment guardrails read these alarms to roll back.
  rollback_alarms = ["myteam-serve-5xx"]
}

caller "deployer" {
  principal = "arn:aws:iam::111122223333:role/myteam-deployer"
  passes    = ["serve"]
  launches  = ["serve"]
}
