name_prefix = "recs"

workload "rank" {
  api     = "CreateTrainingJob"
  outputs = ["s3://recs-models/rank/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/ranker:1"]
}

workload "rank-large" {
  api     = "CreateTrainingJob"
  outputs = ["s3://recs-models/rank-large/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/ranker:1"]
}

# Names that only start with "rank" do not meet its jobs (recs-rank,
# recs-rank-*): no overlap.
workload "ranker" {
  api     = "CreateTrainingJob"
  outputs = ["s3://recs-models/ranker/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/ranker:1"]
}

# A different kind of resource and log group: no overlap.
workload "rank-serve" {
  api    = "CreateModel"
  images = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/ranker:1"]
}

# Apps are named after their space or user profile, exactly: the apps of
# profile "ana" (app/*/recs-ana/*/*) do not cover those of space
# "ana-space".
workload "studio" {
  api = "CreateDomain"
}

workload "ana" {
  api    = "CreateUserProfile"
  domain = "studio"
}

workload "ana-space" {
  api    = "CreateSpace"
  domain = "studio"
  owner  = "ana"
}

workload "classic" {
  api    = "CreateApp"
  domain = "studio"
  owner  = "ana"
}

workload "lab" {
  api    = "CreateApp"
  domain = "studio"
  space  = "ana-space"
}

# A model package group is granted on its one name (recs-models), never on
# recs-models-*: the group recs-models-shadow does not meet it.
workload "models" {
  api = "CreateModelPackageGroup"
}

workload "models-shadow" {
  api = "CreateModelPackageGroup"
}
