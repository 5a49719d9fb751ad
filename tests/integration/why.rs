//! `sagerole why` over one AWS error message of each form, read against
//! examples/ml-platform: each answer is golden (tests/why/NAME.stdout, or
//! NAME.stderr for a message it cannot answer), with its exit code.
//!
//! The messages follow AWS's forms: IAM's access-denied format (IAM User
//! Guide, "Troubleshoot access denied error messages": `User: ... is not
//! authorized to perform: ... on resource: ... because no identity-based
//! policy allows ...`, or `with an explicit deny in a service control
//! policy`), which S3 (resource quoted), KMS and SageMaker (a missing
//! iam:PassRole) return; and SageMaker's ValidationException `Could not
//! assume role ARN. Please ensure that the role exists and allows principal
//! 'sagemaker.amazonaws.com' to assume the role.` (as quoted in
//! awslabs/predictive-maintenance-using-machine-learning issue 3).

use crate::support::{assert_file, root, run};

const SPEC: &str = "examples/ml-platform/sagerole.hcl";

/// (name, message, exit code).
const CASES: &[(&str, &str, i32)] = &[
    (
        "s3-read-outside-inputs",
        "An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::222233334444:assumed-role/recs-jobs/SageMaker is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::recs-events/raw/2026/12/04/part-0.parquet\" because no identity-based policy allows the s3:GetObject action",
        0,
    ),
    (
        "kms-undeclared-key",
        "An error occurred (AccessDeniedException) when calling the Decrypt operation: User: arn:aws:sts::222233334444:assumed-role/recs-jobs/SageMaker is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-central-1:222233334444:key/0000abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action",
        0,
    ),
    (
        "passrole-not-passed",
        "An error occurred (AccessDeniedException) when calling the CreateTrainingJob operation: User: arn:aws:sts::222233334444:assumed-role/recs-deployer/github-actions is not authorized to perform: iam:PassRole on resource: arn:aws:iam::222233334444:role/ml/recs/recs-jobs because no identity-based policy allows the iam:PassRole action",
        0,
    ),
    (
        "create-under-conditions",
        "An error occurred (AccessDeniedException) when calling the CreateTrainingJob operation: User: arn:aws:sts::222233334444:assumed-role/recs-studio/SageMaker is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:eu-central-1:222233334444:training-job/recs-rank-2026-12-04-10-00-00-123 because no identity-based policy allows the sagemaker:CreateTrainingJob action",
        0,
    ),
    (
        "allowed-but-scp-denies",
        "User: arn:aws:sts::222233334444:assumed-role/recs-jobs/SageMaker is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::recs-features/daily/part-0.parquet\" with an explicit deny in a service control policy",
        0,
    ),
    (
        "iam-write-denied-on-purpose",
        "User: arn:aws:sts::222233334444:assumed-role/recs-studio/SageMaker is not authorized to perform: iam:AttachRolePolicy on resource: arn:aws:iam::222233334444:role/ml/recs/recs-studio because no identity-based policy allows the iam:AttachRolePolicy action",
        0,
    ),
    (
        "trust-could-not-assume",
        "An error occurred (ValidationException) when calling the CreateTransformJob operation: Could not assume role arn:aws:iam::222233334444:role/ml/recs/recs-serving. Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.",
        0,
    ),
    (
        "unknown-principal",
        "User: arn:aws:sts::222233334444:assumed-role/someone-else/x is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::recs-features/daily/a\" because no identity-based policy allows the s3:GetObject action",
        2,
    ),
    ("unreadable", "Internal error. Please try again.", 2),
];

#[test]
fn each_message_form_gets_its_golden_answer() {
    for &(name, message, code) in CASES {
        let r = run(&["why", SPEC, message]);
        assert_eq!(r.code, code, "{name}: {}{}", r.stdout, r.stderr);
        let dir = root().join("tests/why");
        if code == 0 {
            assert_file(&dir.join(format!("{name}.stdout")), &r.stdout);
        } else {
            assert!(r.stdout.is_empty(), "{name}: {}", r.stdout);
            // Only the last diagnostic: the example's own warnings come first.
            let error = &r.stderr[r.stderr.rfind("error[").expect("an error")..];
            assert_file(&dir.join(format!("{name}.stderr")), error);
        }
    }
}
