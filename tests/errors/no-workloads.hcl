# A spec without workloads would generate an empty stack: nothing to pass,
# nothing to launch, and no sign of what is missing.
name_prefix = "churn"

guardrails {
  tags = { team = "ml" }
}
