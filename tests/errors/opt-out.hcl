name_prefix = "lab"

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://lab-artifacts/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]

  opt_out {
    root_access = "not a notebook"
  }
}

workload "nb" {
  api = "CreateNotebookInstance"

  opt_out {
    root_access = " "
    imds_v2     = "legacy agent"
  }
}

workload "lab" {
  api = "CreateNotebookInstance"

  opt_out {
    imds_v1 = ["legacy agent"]
  }
}

workload "open" {
  api = "CreateNotebookInstance"

  opt_out {
    direct_internet_access = "no vpc to leave"
  }
}
