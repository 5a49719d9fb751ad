# The supporting SageMaker services of a document-processing team: AutoML
# for a quick baseline, Neo to compile the chosen model for edge devices, a
# custom Studio image, model monitoring of the production endpoint, a
# feature group, human review of low-confidence predictions (A2I), a
# Ground Truth labeling job with custom annotation functions, a streaming
# labeling job, one with automated data labeling, and previews of the
# labeling UI. One role per workload; one CI role launches them all.

name_prefix = "docs"

guardrails {
  path = "/ml/docs/"
  tags = {
    team = "document-ai"
  }
}

workload "baseline" {
  api     = "CreateAutoMLJobV2"
  inputs  = ["s3://docs-training/tabular/"]
  outputs = ["s3://docs-automl/baseline/"]
}

workload "edge" {
  api     = "CreateCompilationJob"
  inputs  = ["s3://docs-models/classifier/model.tar.gz"]
  outputs = ["s3://docs-models/compiled/"]
}

workload "studio-image" {
  api    = "CreateImage"
  images = ["333344445555.dkr.ecr.us-west-2.amazonaws.com/docs/studio-base:2024.10"]
}

workload "watch" {
  api     = "CreateMonitoringSchedule"
  inputs  = ["s3://docs-capture/classifier/", "s3://docs-baselines/classifier/"]
  outputs = ["s3://docs-monitoring/classifier/"]
  images  = ["333344445555.dkr.ecr.us-west-2.amazonaws.com/docs/quality-monitor:1.3"]
}

workload "doc-features" {
  api     = "CreateFeatureGroup"
  outputs = ["s3://docs-feature-store/offline/"]

  kms {
    output = "arn:aws:kms:us-west-2:333344445555:key/a234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "review" {
  api      = "CreateFlowDefinition"
  inputs   = ["s3://docs-review/pages/"]
  outputs  = ["s3://docs-review/decisions/"]
  workteam = "arn:aws:sagemaker:us-west-2:333344445555:workteam/private-crowd/docs-reviewers"
}

workload "label" {
  api      = "CreateLabelingJob"
  inputs   = ["s3://docs-labeling/manifests/", "s3://docs-labeling/pages/", "s3://docs-labeling/templates/"]
  outputs  = ["s3://docs-labeling/output/"]
  workteam = "arn:aws:sagemaker:us-west-2:333344445555:workteam/private-crowd/docs-labelers"
  lambdas = [
    "arn:aws:lambda:us-west-2:333344445555:function:docs-gt-pre-annotation",
    "arn:aws:lambda:us-west-2:333344445555:function:docs-gt-consolidation",
  ]
}

# Live triage of incoming pages: a streaming labeling job that takes its
# tasks from an SNS topic and publishes each label as workers finish.
workload "triage" {
  api      = "CreateLabelingJob"
  inputs   = ["s3://docs-labeling/pages/"]
  outputs  = ["s3://docs-labeling/triage/"]
  workteam = "arn:aws:sagemaker:us-west-2:333344445555:workteam/private-crowd/docs-labelers"

  streaming {
    input_topic  = "arn:aws:sns:us-west-2:333344445555:docs-triage-tasks"
    output_topic = "arn:aws:sns:us-west-2:333344445555:docs-triage-labels"
  }
}

# Page classification with automated data labeling: Ground Truth trains and
# runs models in the team's VPC under the job's own role.
workload "classify" {
  api                = "CreateLabelingJob"
  inputs             = ["s3://docs-labeling/manifests/", "s3://docs-labeling/pages/"]
  outputs            = ["s3://docs-labeling/classes/"]
  workteam           = "arn:aws:sagemaker:us-west-2:333344445555:workteam/private-crowd/docs-labelers"
  automated_labeling = true

  vpc {
    subnets         = ["subnet-0d1e2f3a4b5c60718"]
    security_groups = ["sg-0d1e2f3a4b5c60718"]
  }
}

workload "ui-preview" {
  api    = "RenderUiTemplate"
  inputs = ["s3://docs-labeling/pages/"]
}

caller "ci" {
  principal = "arn:aws:iam::333344445555:role/docs-ml-deployer"
  passes    = ["baseline", "edge", "studio-image", "watch", "doc-features", "review", "label", "triage", "classify", "ui-preview"]
  launches  = ["baseline", "edge", "studio-image", "watch", "doc-features", "review", "label", "triage", "classify", "ui-preview"]
}
