# An ML platform for the recommendations team: a Studio domain where data
# scientists explore features and launch ranking experiments, a nightly
# pipeline that builds features and retrains the ranking model, the model
# served behind an endpoint that rolls back on alarms, and the CI role that
# deploys them into a domain managed elsewhere.

name_prefix = "recs"

# The platform's data stays in the EU: its roles reach resources in
# Frankfurt and Ireland only (left out, every region of the account).
regions = ["eu-central-1", "eu-west-1"]

guardrails {
  permissions_boundary = "arn:aws:iam::222233334444:policy/ml-workload-boundary"
  path                 = "/ml/recs/"
  tags = {
    team        = "recommendations"
    cost-center = "2231"
  }
}

workload "features" {
  api     = "CreateProcessingJob"
  inputs  = ["s3://recs-events/clickstream/", "s3://recs-catalog/items/"]
  outputs = ["s3://recs-features/daily/"]
  images  = ["222233334444.dkr.ecr.eu-central-1.amazonaws.com/recs/feature-builder:4.1"]

  kms {
    volume = "arn:aws:kms:eu-central-1:222233334444:key/8234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "rank" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://recs-features/daily/"]
  outputs = ["s3://recs-models/ranker/"]
  images  = ["763104351884.dkr.ecr.eu-central-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311"]

  vpc {
    subnets         = ["subnet-0c1d2e3f4a5b60718", "subnet-0c1d2e3f4a5b60719"]
    security_groups = ["sg-0c1d2e3f4a5b60718"]
  }

  kms {
    output = "arn:aws:kms:eu-central-1:222233334444:key/9234abcd-12ab-34cd-56ef-1234567890ab"
    volume = "arn:aws:kms:eu-central-1:222233334444:key/8234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "nightly" {
  api      = "CreatePipeline"
  launches = ["features", "rank"]
}

workload "ranker" {
  api             = "CreateModel"
  model_data      = ["s3://recs-models/ranker/"]
  images          = ["763104351884.dkr.ecr.eu-central-1.amazonaws.com/pytorch-inference:2.3.0-cpu-py311"]
  rollback_alarms = ["recs-ranker-5xx", "recs-ranker-p99-latency"]

  vpc {
    subnets         = ["subnet-0c1d2e3f4a5b60718", "subnet-0c1d2e3f4a5b60719"]
    security_groups = ["sg-0c1d2e3f4a5b60718"]
  }
}

# The domain itself is managed elsewhere; associate = true makes the output
# create its user profiles and spaces there, with their roles set.
workload "studio" {
  api       = "CreateDomain"
  associate = true
  inputs   = ["s3://recs-features/daily/", "s3://recs-models/ranker/"]
  outputs  = ["s3://recs-scratch/studio/"]
  launches = ["rank", "team-lab"]

  kms {
    volume = "arn:aws:kms:eu-central-1:222233334444:key/b234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

# Ana works with the domain's default permissions: her profile inherits the
# default role, and changes with it.
workload "ana" {
  api    = "CreateUserProfile"
  domain = "studio"
}

# Lin leads the ranking work and also reads the raw events: a role of her own.
workload "lin" {
  api      = "CreateUserProfile"
  domain   = "studio"
  inputs   = ["s3://recs-events/clickstream/", "s3://recs-features/daily/"]
  outputs  = ["s3://recs-scratch/lin/"]
  launches = ["rank"]
}

# The team's shared space. AWS gives every space an owner: Lin owns this
# one, which gives her role nothing, as a shared space runs under the
# domain's space role whoever owns it.
workload "team-space" {
  api     = "CreateSpace"
  domain  = "studio"
  owner   = "lin"
  sharing = "shared"
}

# JupyterLab in the team's shared space. Studio users start it from the UI,
# which calls CreateApp with their own role, so the domain's role may create
# it, and only JupyterLab apps of that space.
workload "team-lab" {
  api       = "CreateApp"
  domain    = "studio"
  space     = "team-space"
  app_types = ["JupyterLab"]
}

workload "ana-space" {
  api    = "CreateSpace"
  domain = "studio"
  owner  = "ana"
}

role "pipeline" {
  workloads   = ["nightly"]
  trust       = "strict"
  description = "Runs the recommendations pipeline's executions"
}

role "jobs" {
  workloads   = ["features", "rank"]
  trust       = "strict"
  description = "Runs the recommendations feature and training jobs"
}

role "serving" {
  workloads = ["ranker"]
}

role "studio" {
  workloads   = ["studio", "ana"]
  description = "Studio default: reads features and models, launches ranking experiments"

  # The domain's lifecycle configuration reads the team's setup from
  # Parameter Store when an app starts: access no SageMaker API implies,
  # declared here with its reason rather than edited into the output.
  statement "read-setup-parameter" {
    reason    = "the Studio lifecycle configuration reads /recs/studio/setup when an app starts"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:aws:ssm:eu-central-1:222233334444:parameter/recs/studio/setup"]
  }
}

# The CI role creates the profiles and spaces in the existing domain and
# deploys the pipeline and the endpoint. It neither creates the domain nor
# passes the domain's role: whoever manages the domain sets that.
caller "ci" {
  principal = "arn:aws:iam::222233334444:role/recs-deployer"
  passes    = ["pipeline", "serving", "lin"]
  launches  = ["nightly", "ranker", "ana", "lin", "team-space", "ana-space"]
}
