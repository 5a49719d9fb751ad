//! The model registry beyond registering versions: who approves them (a
//! caller's `approves`), and what creating a model from a registered
//! version takes (a `CreateModel` workload's `model_package_group`).
//!
//! Registering is the registry APIs' own entries in [`super::APIS`]
//! (`CreateModelPackageGroup`, `CreateModelPackage`); this module holds
//! what the model adds to callers and launchers on top of them.

use super::CallerAction;

/// The approval statuses of a model version (SageMaker API Reference,
/// UpdateModelPackage, ModelApprovalStatus: "Valid Values: Approved |
/// Rejected | PendingManualApproval"). An approver may set any of them: to
/// approve, to reject, and to take an approval back.
pub const APPROVAL_STATUSES: &[&str] = &["Approved", "PendingManualApproval", "Rejected"];

/// The condition key that holds the status an UpdateModelPackage request
/// sets (Service Authorization Reference, Amazon SageMaker AI,
/// UpdateModelPackage: sagemaker:ModelApprovalStatus, String).
pub const APPROVAL_KEY: &str = "sagemaker:ModelApprovalStatus";

/// The call that approves: SageMaker Developer Guide, "Update the Approval
/// Status of a Model" (`update_model_package` with `ModelPackageArn` and
/// `ModelApprovalStatus`); the SageMaker Python SDK's
/// `ModelPackage.update_approval_status` sends the same request.
pub const APPROVE: CallerAction = CallerAction {
    action: "sagemaker:UpdateModelPackage",
    resource_types: &["model-package"],
};

/// What an approver reads to decide: the version it approves
/// (DescribeModelPackage, the Developer Guide's "View the Details of a
/// Model Version") and its group (DescribeModelPackageGroup).
pub const APPROVER_READS: &[CallerAction] = &[
    CallerAction {
        action: "sagemaker:DescribeModelPackage",
        resource_types: &["model-package"],
    },
    CallerAction {
        action: "sagemaker:DescribeModelPackageGroup",
        resource_types: &["model-package-group"],
    },
];

/// The fields of an UpdateModelPackage request that no condition key
/// holds, so that an approver who names a status in the request may set
/// them too (SageMaker API Reference, UpdateModelPackage, request
/// parameters; Service Authorization Reference, UpdateModelPackage: its
/// keys are ModelApprovalStatus, CustomerMetadataProperties,
/// CustomerMetadataPropertiesToRemove and the ModelLifeCycle keys only).
pub const APPROVER_UNPINNED: &[&str] = &[
    "AdditionalInferenceSpecificationsToAdd",
    "ApprovalDescription",
    "CustomerMetadataProperties",
    "CustomerMetadataPropertiesToRemove",
    "InferenceSpecification",
    "ModelCard",
    "ModelLifeCycle",
    "SourceUri",
];

/// What creating a model from a registered version reads, beyond the
/// `CreateModel` call itself: the SageMaker Python SDK's
/// `ModelPackage.deploy` (`ModelPackage._create_sagemaker_model`, v2.257.6)
/// describes the version before it creates the model whose container names
/// it (`ModelPackageName`), to read its approval status and whether it is a
/// Marketplace package (`_is_marketplace`). Were the version not approved,
/// the SDK would approve it itself (`update_approval_status`), which a
/// deployer must not be able to do: it gets no UpdateModelPackage.
pub const DEPLOY_READS: &[CallerAction] = &[CallerAction {
    action: "sagemaker:DescribeModelPackage",
    resource_types: &["model-package"],
}];

/// What a group's resource policy (PutModelPackageGroupPolicy) gives the
/// accounts that deploy its versions (a workload's `consumers`): what their
/// deployers call in the owning account, and no more. The SageMaker Python
/// SDK's cross-account deploy, `ModelPackage(model_package_arn=...).deploy()`
/// (v2.257.6, `ModelPackage._create_sagemaker_model`), calls
/// DescribeModelPackage on the version and then creates the model,
/// endpoint configuration and endpoint in the deploying account
/// ([`DEPLOY_READS`]); the Boto3 steps of the SageMaker Developer Guide,
/// "Deploy a Model in the Registry", call only create_model,
/// create_endpoint_config and create_endpoint. AWS's example policy on
/// "Deploy a Model Version from a Different Account" also shares
/// DescribeModelPackageGroup, ListModelPackages, UpdateModelPackage and
/// CreateModel; they are left out: neither deploy calls the first two
/// (the SDK calls DescribeModelPackageGroup only for model collections,
/// and ListModelPackages only in
/// `Session.get_most_recently_created_approved_model_package`, which a
/// deploy does not use, and the consumers' identity policies grant
/// neither), approving stays with the owning account's approvers
/// ([`APPROVE`]), and the Service Authorization Reference lists no
/// `model-package` resource for CreateModel.
pub const SHARED_VERSION_ACTIONS: &[&str] = &["sagemaker:DescribeModelPackage"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_keys_and_statuses_are_the_iam_data() {
        let data = crate::iam_data::data();
        for a in std::iter::once(&APPROVE)
            .chain(APPROVER_READS)
            .chain(DEPLOY_READS)
        {
            let (_, action) = data.action(a.action).expect(a.action);
            for t in a.resource_types {
                assert!(action.resource_types.iter().any(|r| r.name == *t), "{t}");
            }
        }
        // The consumers' accounts get on the versions what their deployers'
        // identity policies are granted there, and nothing else.
        let deploy: Vec<&str> = DEPLOY_READS.iter().map(|a| a.action).collect();
        assert_eq!(SHARED_VERSION_ACTIONS, deploy);
        for a in SHARED_VERSION_ACTIONS {
            assert!(data.action(a).is_some(), "{a}");
            assert_ne!(*a, APPROVE.action, "consumers do not approve");
        }
        let (_, update) = data.action(APPROVE.action).unwrap();
        assert!(update.condition_keys.iter().any(|k| k == APPROVAL_KEY));
        assert_eq!(data.condition_key(APPROVAL_KEY).unwrap().kind, "String");
        let mut sorted = APPROVAL_STATUSES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, APPROVAL_STATUSES);
    }
}
