quotas {
  managed_policies_per_role = 2
  trust_policy_size         = 300
}

workload "useast1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-us-east-1/history/", "s3://fcst-calendars/us-east-1/"]
  outputs = ["s3://fcst-models/us-east-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0001abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0001abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "useast2" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-us-east-2/history/", "s3://fcst-calendars/us-east-2/"]
  outputs = ["s3://fcst-models/us-east-2/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0002abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0002abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "uswest1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-us-west-1/history/", "s3://fcst-calendars/us-west-1/"]
  outputs = ["s3://fcst-models/us-west-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0003abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0003abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "uswest2" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-us-west-2/history/", "s3://fcst-calendars/us-west-2/"]
  outputs = ["s3://fcst-models/us-west-2/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0004abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0004abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "cacentral1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-ca-central-1/history/", "s3://fcst-calendars/ca-central-1/"]
  outputs = ["s3://fcst-models/ca-central-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0005abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0005abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "saeast1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-sa-east-1/history/", "s3://fcst-calendars/sa-east-1/"]
  outputs = ["s3://fcst-models/sa-east-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0006abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0006abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "euwest1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-eu-west-1/history/", "s3://fcst-calendars/eu-west-1/"]
  outputs = ["s3://fcst-models/eu-west-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0007abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0007abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "euwest2" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-eu-west-2/history/", "s3://fcst-calendars/eu-west-2/"]
  outputs = ["s3://fcst-models/eu-west-2/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0008abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0008abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "euwest3" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-eu-west-3/history/", "s3://fcst-calendars/eu-west-3/"]
  outputs = ["s3://fcst-models/eu-west-3/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0009abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0009abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "eucentral1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-eu-central-1/history/", "s3://fcst-calendars/eu-central-1/"]
  outputs = ["s3://fcst-models/eu-central-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0010abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0010abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "eunorth1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-eu-north-1/history/", "s3://fcst-calendars/eu-north-1/"]
  outputs = ["s3://fcst-models/eu-north-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0011abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0011abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "eusouth1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-eu-south-1/history/", "s3://fcst-calendars/eu-south-1/"]
  outputs = ["s3://fcst-models/eu-south-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0012abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0012abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "apsouth1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-ap-south-1/history/", "s3://fcst-calendars/ap-south-1/"]
  outputs = ["s3://fcst-models/ap-south-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0013abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0013abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "apsoutheast1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-ap-southeast-1/history/", "s3://fcst-calendars/ap-southeast-1/"]
  outputs = ["s3://fcst-models/ap-southeast-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0014abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0014abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "apsoutheast2" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-ap-southeast-2/history/", "s3://fcst-calendars/ap-southeast-2/"]
  outputs = ["s3://fcst-models/ap-southeast-2/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0015abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0015abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "apnortheast1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-ap-northeast-1/history/", "s3://fcst-calendars/ap-northeast-1/"]
  outputs = ["s3://fcst-models/ap-northeast-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0016abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0016abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "apnortheast2" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-ap-northeast-2/history/", "s3://fcst-calendars/ap-northeast-2/"]
  outputs = ["s3://fcst-models/ap-northeast-2/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0017abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0017abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "apnortheast3" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-ap-northeast-3/history/", "s3://fcst-calendars/ap-northeast-3/"]
  outputs = ["s3://fcst-models/ap-northeast-3/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0018abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0018abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "mesouth1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-me-south-1/history/", "s3://fcst-calendars/me-south-1/"]
  outputs = ["s3://fcst-models/me-south-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0019abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0019abcd-12ab-34cd-56ef-1234567890ab"
  }
}

workload "afsouth1" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fcst-sales-af-south-1/history/", "s3://fcst-calendars/af-south-1/"]
  outputs = ["s3://fcst-models/af-south-1/"]
  images  = ["555566667777.dkr.ecr.us-east-1.amazonaws.com/forecasting/deepar-custom:3.2"]

  kms {
    input  = "arn:aws:kms:us-east-1:555566667777:key/0020abcd-12ab-34cd-56ef-1234567890ab"
    output = "arn:aws:kms:us-east-1:555566667777:key/0020abcd-12ab-34cd-56ef-1234567890ab"
  }
}

role "forecasters" {
  workloads = ["useast1", "useast2", "uswest1", "uswest2", "cacentral1", "saeast1", "euwest1", "euwest2", "euwest3", "eucentral1", "eunorth1", "eusouth1", "apsouth1", "apsoutheast1", "apsoutheast2", "apnortheast1", "apnortheast2", "apnortheast3", "mesouth1", "afsouth1"]
}

caller "scheduler" {
  principal = "arn:aws:iam::555566667777:role/forecast-scheduler"
  passes    = ["forecasters"]
  launches  = ["useast1", "useast2", "uswest1", "uswest2", "cacentral1", "saeast1", "euwest1", "euwest2", "euwest3", "eucentral1", "eunorth1", "eusouth1", "apsouth1", "apsoutheast1", "apsoutheast2", "apnortheast1", "apnortheast2", "apnortheast3", "mesouth1", "afsouth1"]
}
name_prefix = "fcst"
