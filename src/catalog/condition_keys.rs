//! What each condition key the model writes limits, in a reviewer's words.
//!
//! Documents for people (`diff`) name a condition by what it limits ("security
//! groups") rather than by its key (`sagemaker:VpcSecurityGroupIds`). This
//! table is the one place those names live; a key without an entry is shown
//! as the key itself. The tests below check that the table is sorted, that
//! every key is one AWS defines, and that every request key of the catalog
//! has a name; the integration tests check that every key in the examples'
//! policies has one.

/// Condition key → what it limits. Sorted by key; names are unique.
pub const NAMES: &[(&str, &str)] = &[
    ("aws:SourceAccount", "source account"),
    ("aws:SourceArn", "source ARN"),
    ("aws:TagKeys", "tag keys"),
    ("cloudwatch:namespace", "metric namespace"),
    ("iam:AWSServiceName", "service of the service-linked role"),
    ("iam:PassedToService", "service the role is passed to"),
    ("kms:GrantIsForAWSResource", "grant is for an AWS resource"),
    ("s3:prefix", "S3 listing prefix"),
    ("sagemaker:DirectInternetAccess", "direct internet access"),
    ("sagemaker:EnableRemoteDebug", "remote debugging"),
    (
        "sagemaker:FeatureGroupOfflineStoreKmsKeyArn",
        "offline store KMS key",
    ),
    (
        "sagemaker:FeatureGroupOfflineStoreS3Uri",
        "offline store S3 location",
    ),
    ("sagemaker:InstanceTypes", "instance types"),
    (
        "sagemaker:InterContainerTrafficEncryption",
        "inter-container traffic encryption",
    ),
    (
        "sagemaker:MinimumInstanceMetadataServiceVersion",
        "minimum IMDS version",
    ),
    ("sagemaker:ModelApprovalStatus", "model approval status"),
    ("sagemaker:ModelArn", "model ARN"),
    ("sagemaker:NetworkIsolation", "network isolation"),
    ("sagemaker:OutputKmsKeyArn", "output KMS key"),
    (
        "sagemaker:OwnerUserProfileArn",
        "space owner's user profile",
    ),
    ("sagemaker:RootAccess", "root access"),
    ("sagemaker:SpaceSharingType", "space sharing type"),
    ("sagemaker:TaggingAction", "tagging API"),
    ("sagemaker:VolumeKmsKeyArn", "volume KMS key"),
    ("sagemaker:VpcSecurityGroupIds", "security groups"),
    ("sagemaker:VpcSubnets", "subnets"),
    ("sagemaker:WorkteamArn", "work team ARN"),
    ("sns:Endpoint", "SNS endpoint"),
    ("sns:Protocol", "SNS protocol"),
];

/// What `key` limits, in words; the key itself when the table has no name
/// for it.
pub fn name(key: &str) -> &str {
    NAMES
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .map_or(key, |at| NAMES[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{RequestKey, APIS};

    #[test]
    fn the_table_is_sorted_with_unique_keys_and_names() {
        for pair in NAMES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        let mut names: Vec<&str> = NAMES.iter().map(|(_, n)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMES.len(), "two keys share a name");
    }

    #[test]
    fn every_key_is_one_aws_defines() {
        for (key, _) in NAMES {
            assert!(
                crate::iam_data::data().condition_key(key).is_some(),
                "{key} is not in the IAM data"
            );
        }
    }

    #[test]
    fn every_request_key_of_the_catalog_has_a_name() {
        let keys: Vec<RequestKey> = APIS
            .iter()
            .flat_map(|a| a.create.iter().flat_map(|c| a.request_keys_of(c.action)))
            .copied()
            .collect();
        assert!(!keys.is_empty());
        for k in keys {
            assert_ne!(name(k.key()), k.key(), "{} has no name", k.key());
        }
        for g in crate::catalog::guardrails::Guardrail::ALL {
            assert_ne!(name(g.key()), g.key(), "{} has no name", g.key());
        }
    }

    #[test]
    fn a_key_without_an_entry_is_shown_as_itself() {
        assert_eq!(name("sagemaker:VpcSecurityGroupIds"), "security groups");
        assert_eq!(name("s3:prefix"), "S3 listing prefix");
        assert_eq!(name("ec2:Vpc"), "ec2:Vpc");
    }
}
