name_prefix = "lab"

workload "studio" {
  api = "CreateDomain"
}

workload "other" {
  api       = "CreateDomain"
  associate = "yes"
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
  api       = "CreateSpace"
  associate = true
}

workload "lab" {
  api       = "CreateApp"
  domain    = "studio"
  space     = "bob-spcae"
  app_types = ["JupyterLabs"]
}

workload "both" {
  api    = "CreateApp"
  domain = "studio"
  space  = "bob-space"
  owner  = "bob"
}

workload "neither" {
  api    = "CreateApp"
  domain = "other"
}

workload "elsewhere" {
  api    = "CreateApp"
  domain = "other"
  space  = "bob-space"
}

role "r" {
  workloads = ["bob-space"]
}
