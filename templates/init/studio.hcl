# A sagerole spec: a Studio domain's default role, a user profile with a
# role of its own, and a shared space. Replace the example values, then run
#   sagerole generate sagerole.hcl --out sagemaker-iam
# The output exports the role ARNs to set on the domain and profiles.

name_prefix = "myteam"

# One role serves every region of the account. To hold the roles to some
# regions only, list them:
# regions = ["us-east-1"]

# The domain's role is the default of its user profiles and shared spaces.
workload "studio" {
  api     = "CreateDomain"
  inputs  = ["s3://myteam-data/"]
  outputs = ["s3://myteam-scratch/studio/"]

  # Set to true to create the profiles and spaces below in an existing
  # domain, whose id becomes an input of the output.
  associate = false
}

# A profile in the domain's role inherits the default, and changes with it;
# one with inputs of its own gets a role of its own.
workload "lead" {
  api     = "CreateUserProfile"
  domain  = "studio"
  inputs  = ["s3://myteam-data/", "s3://myteam-restricted/"]
  outputs = ["s3://myteam-scratch/lead/"]
}

# Every space has an owner, a user profile of the domain. A shared space
# runs under the domain's role whoever owns it; a private one (the default)
# under its owner's.
workload "team-space" {
  api     = "CreateSpace"
  domain  = "studio"
  owner   = "lead"
  sharing = "shared"
}

role "studio" {
  workloads = ["studio"]
}

# Studio roles trust the whole account (AWS allows no narrower trust for
# Studio), so a create call cannot tell them apart: one caller passing both
# could create the domain with the lead's role. One caller per role.
caller "platform" {
  principal = "arn:aws:iam::111122223333:role/myteam-platform"
  passes    = ["studio"]
  launches  = ["studio", "team-space"]
}

caller "profiles" {
  principal = "arn:aws:iam::111122223333:role/myteam-profiles"
  passes    = ["lead"]
  launches  = ["lead"]
}
