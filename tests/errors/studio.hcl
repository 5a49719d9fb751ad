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

workload "dee" {
  api    = "CreateUserProfile"
  domain = "studio"
}

# Every space has an owner: AWS requires OwnershipSettings with a space's
# sharing settings, a shared space's too.
workload "team" {
  api     = "CreateSpace"
  domain  = "studio"
  sharing = "shared"
}

workload "ana-space" {
  api     = "CreateSpace"
  domain  = "studio"
  owner   = "dee"
  sharing = "public"
}

workload "cased" {
  api     = "CreateSpace"
  domain  = "studio"
  owner   = "dee"
  sharing = "Shared"
}

workload "owned-by-a-space" {
  api     = "CreateSpace"
  domain  = "studio"
  owner   = "team"
  sharing = "shared"
}

workload "carol" {
  api     = "CreateUserProfile"
  domain  = "studio"
  sharing = "shared"
}
