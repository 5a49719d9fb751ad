name_prefix = "lab"

workload "studio" {
  api = "CreateDomain"
}

workload "other" {
  api = "CreateDomain"
}

workload "ana" {
  api    = "CreateUserProfile"
  domain = "studoi"
}

workload "bob" {
  api    = "CreateUserProfile"
  domain = "other"
}

workload "bob-space" {
  api    = "CreateSpace"
  domain = "studio"
  owner  = "bob"
}

workload "lonely" {
  api = "CreateSpace"
}

role "r" {
  workloads = ["bob-space"]
}
