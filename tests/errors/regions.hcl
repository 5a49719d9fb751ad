# Regions that are no region names, a wildcard (every region is the
# default: leave `regions` out), and a region listed twice.
name_prefix = "churn"
regions     = ["eu-west-1", "us_east_1", "*", "eu-west-1", "EU-CENTRAL-1"]

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://churn-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
}
