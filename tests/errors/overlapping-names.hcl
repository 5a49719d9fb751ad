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

# A different kind of resource and log group: no overlap.
workload "rank-serve" {
  api    = "CreateModel"
  images = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/ranker:1"]
}
