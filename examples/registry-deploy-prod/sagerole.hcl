# The production account (444455556666) of examples/registry-deploy: CI
# deploys the approved versions of the tooling account's (111122223333)
# model package group churn-models to an endpoint here, as the SageMaker
# Python SDK's ModelPackage(model_package_arn=...).deploy() does. The model's
# role reads the registered artifacts from the tooling account's bucket.
#
# The tooling account must also share the group (its resource policy, set
# with PutModelPackageGroupPolicy), the bucket and the image repository with
# this account (SageMaker Developer Guide, "Deploy a Model Version from a
# Different Account"). The tooling spec's consumers emit the group's policy
# (examples/registry-deploy); the bucket's and repository's policies
# sagerole does not emit yet.

name_prefix = "churn"
regions     = ["us-east-1"]

workload "serve" {
  api                 = "CreateModel"
  model_package_group = "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/churn-models"
  model_data          = ["s3://churn-tooling-models/xgb/"]
  images              = ["683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"]
}

caller "deploy" {
  principal = "arn:aws:iam::444455556666:role/churn-prod-deployer"
  passes    = ["serve"]
  launches  = ["serve"]
}
