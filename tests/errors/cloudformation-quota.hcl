# A Studio domain whose 70 user profiles each run under a role of their own.
# The domain's template holds every role its profiles name by Fn::GetAtt, so
# no split of the CloudFormation output helps: each profile's role has two
# outputs and its profile a third, over the 200 outputs of one stack.
name_prefix = "lab"

workload "studio" {
  api     = "CreateDomain"
  outputs = ["s3://lab-scratch/studio/"]
}

workload "ana1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ana1/"]
}

workload "ben1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ben1/"]
}

workload "cai1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/cai1/"]
}

workload "dov1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/dov1/"]
}

workload "eli1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/eli1/"]
}

workload "fay1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/fay1/"]
}

workload "gus1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/gus1/"]
}

workload "hal1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/hal1/"]
}

workload "ida1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ida1/"]
}

workload "jon1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/jon1/"]
}

workload "kai1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/kai1/"]
}

workload "lea1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/lea1/"]
}

workload "max1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/max1/"]
}

workload "ned1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ned1/"]
}

workload "oli1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/oli1/"]
}

workload "pia1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/pia1/"]
}

workload "quy1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/quy1/"]
}

workload "ray1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ray1/"]
}

workload "sam1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/sam1/"]
}

workload "tia1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/tia1/"]
}

workload "uma1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/uma1/"]
}

workload "vic1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/vic1/"]
}

workload "wes1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/wes1/"]
}

workload "xia1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/xia1/"]
}

workload "yul1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/yul1/"]
}

workload "zoe1" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/zoe1/"]
}

workload "ana2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ana2/"]
}

workload "ben2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ben2/"]
}

workload "cai2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/cai2/"]
}

workload "dov2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/dov2/"]
}

workload "eli2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/eli2/"]
}

workload "fay2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/fay2/"]
}

workload "gus2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/gus2/"]
}

workload "hal2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/hal2/"]
}

workload "ida2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ida2/"]
}

workload "jon2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/jon2/"]
}

workload "kai2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/kai2/"]
}

workload "lea2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/lea2/"]
}

workload "max2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/max2/"]
}

workload "ned2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ned2/"]
}

workload "oli2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/oli2/"]
}

workload "pia2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/pia2/"]
}

workload "quy2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/quy2/"]
}

workload "ray2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ray2/"]
}

workload "sam2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/sam2/"]
}

workload "tia2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/tia2/"]
}

workload "uma2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/uma2/"]
}

workload "vic2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/vic2/"]
}

workload "wes2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/wes2/"]
}

workload "xia2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/xia2/"]
}

workload "yul2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/yul2/"]
}

workload "zoe2" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/zoe2/"]
}

workload "ana3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ana3/"]
}

workload "ben3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ben3/"]
}

workload "cai3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/cai3/"]
}

workload "dov3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/dov3/"]
}

workload "eli3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/eli3/"]
}

workload "fay3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/fay3/"]
}

workload "gus3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/gus3/"]
}

workload "hal3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/hal3/"]
}

workload "ida3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ida3/"]
}

workload "jon3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/jon3/"]
}

workload "kai3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/kai3/"]
}

workload "lea3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/lea3/"]
}

workload "max3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/max3/"]
}

workload "ned3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ned3/"]
}

workload "oli3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/oli3/"]
}

workload "pia3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/pia3/"]
}

workload "quy3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/quy3/"]
}

workload "ray3" {
  api     = "CreateUserProfile"
  domain  = "studio"
  outputs = ["s3://lab-scratch/ray3/"]
}
