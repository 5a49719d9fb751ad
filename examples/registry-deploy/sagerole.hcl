# The tooling account (111122223333) of a churn model's MLOps: a SageMaker
# Pipeline trains the model and registers it in the model registry, pending
# approval (RegisterModel); a person approves it; CI in the production
# account (444455556666) then deploys the approved version to an endpoint
# there: examples/registry-deploy-prod is that account's spec.
#
# Across accounts, the group's resource policy (PutModelPackageGroupPolicy),
# the artifact bucket's policy and the ECR repository's policy must also
# give the production account access (SageMaker Developer Guide, "Deploy a
# Model Version from a Different Account"); sagerole emits the group's
# (consumers below), not the bucket's or the repository's (README, the
# model registry).

name_prefix = "churn"
regions     = ["us-east-1"]

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://churn-tooling-data/train/"]
  outputs = ["s3://churn-tooling-models/xgb/"]
  images  = ["683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"]
}

# The model package group churn-models; CI creates it with the pipeline.
# The production account deploys its versions: the group's resource policy
# (the output model_package_group_policies, ModelPackageGroupPolicyModels in
# CloudFormation) lets it read them; apply it with PutModelPackageGroupPolicy.
workload "models" {
  api       = "CreateModelPackageGroup"
  consumers = ["444455556666"]
}

workload "retrain" {
  api      = "CreatePipeline"
  launches = ["train", "models"]
  steps    = ["TrainingStep", "RegisterModel"]
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/churn-ci"
  passes    = ["retrain"]
  launches  = ["retrain", "models"]
}

caller "approver" {
  principal = "arn:aws:iam::111122223333:role/churn-model-approver"
  approves  = ["models"]
}
