//! ECR registries that AWS owns, whose images need no grant in the execution role.
//!
//! "Pre-built container images are owned by SageMaker AI ... Capabilities such
//! as training and processing jobs, batch transform, and real-time inference
//! use service-owned credentials to pull and run images on managed SageMaker AI
//! instances. Because customer credentials aren't used, any AWS IAM policies ...
//! do not apply" (SageMaker Developer Guide, "Docker Registry Paths and Example
//! Code", sagemaker-algo-docker-registry-paths). So an image from one of these
//! accounts gets no `ecr:` statement.
//!
//! The accounts are those the registry-path pages list for the built-in
//! algorithms, the scikit-learn/XGBoost containers and the Deep Learning
//! Containers in the commercial regions. The list is not exhaustive: an AWS
//! image from an account missing here gets an explicit pull grant on its exact
//! repository, which is harmless (the pull uses service credentials anyway)
//! and still names one repository only.

/// (account, what AWS publishes there)
pub static AWS_OWNED_REGISTRIES: &[(&str, &str)] = &[
    (
        "141502667606",
        "scikit-learn and XGBoost containers, eu-west-1",
    ),
    ("174872318107", "built-in algorithms, us-west-2"),
    (
        "246618743249",
        "scikit-learn and XGBoost containers, us-west-2",
    ),
    (
        "257758044811",
        "scikit-learn and XGBoost containers, us-east-2",
    ),
    ("382416733822", "built-in algorithms, us-east-1"),
    ("404615174143", "built-in algorithms, us-east-2"),
    (
        "433757028032",
        "BlazingText, image classification, object detection, us-west-2",
    ),
    ("438346466558", "built-in algorithms, eu-west-1"),
    ("520713654638", "legacy framework containers, most regions"),
    (
        "683313688378",
        "scikit-learn and XGBoost containers, us-east-1",
    ),
    (
        "685385470294",
        "BlazingText, image classification, object detection, eu-west-1",
    ),
    ("763104351884", "Deep Learning Containers, most regions"),
    (
        "811284229777",
        "BlazingText, image classification, object detection, us-east-1",
    ),
    (
        "825641698319",
        "BlazingText, image classification, object detection, us-east-2",
    ),
];

/// What AWS publishes in `account`, if it is a known AWS-owned registry.
pub fn aws_owned(account: &str) -> Option<&'static str> {
    AWS_OWNED_REGISTRIES
        .iter()
        .find(|(a, _)| *a == account)
        .map(|(_, what)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_sorted_unique_twelve_digit_ids() {
        let accounts: Vec<_> = AWS_OWNED_REGISTRIES.iter().map(|(a, _)| *a).collect();
        let mut sorted = accounts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(accounts, sorted);
        assert!(accounts
            .iter()
            .all(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())));
    }

    #[test]
    fn recognises_the_deep_learning_containers_account() {
        assert!(aws_owned("763104351884").is_some());
        assert!(aws_owned("111122223333").is_none());
    }
}
