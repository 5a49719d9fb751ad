//! Opt-in guardrails: request condition keys a spec sets on every create
//! call of its workloads (the `guardrails` block) or of one workload (its
//! own `guardrails` block, which overrides the spec-wide value).
//!
//! A guardrail is pinned on exactly the create calls whose entry in the
//! Service Authorization Reference (Amazon SageMaker AI) lists its key: the
//! pinned IAM data decides, so this table holds no list of actions that
//! could drift from it. What the table does hold is what AWS sends when a
//! request leaves the setting out, which decides whether such a request is
//! allowed.

use crate::iam_data;

/// A request key a spec may pin on the create calls that take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Guardrail {
    /// `instance_types = ["ml.m5.*"]`: `sagemaker:InstanceTypes`
    /// (ArrayOfString), tested with `ForAllValues:StringLike`.
    InstanceTypes,
    /// `network_isolation = true`: `sagemaker:NetworkIsolation` (Bool).
    NetworkIsolation,
    /// `inter_container_encryption = true`:
    /// `sagemaker:InterContainerTrafficEncryption` (Bool).
    InterContainerEncryption,
    /// `remote_debug = false`: `sagemaker:EnableRemoteDebug` (Bool).
    RemoteDebug,
    /// `tag_keys = ["team"]`: `aws:TagKeys` (ArrayOfString), tested with
    /// `ForAllValues:StringEquals`; also on the `AddTags` call that tags
    /// while creating.
    TagKeys,
}

/// What a guardrail's value is in a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardValue {
    /// A list of strings (`StringLike` patterns when `patterns`).
    Strings { patterns: bool },
    /// `true` or `false`.
    Bool,
}

impl Guardrail {
    /// Every guardrail, in the order the spec, the schema and the errors
    /// list them.
    pub const ALL: [Guardrail; 5] = [
        Guardrail::InstanceTypes,
        Guardrail::NetworkIsolation,
        Guardrail::InterContainerEncryption,
        Guardrail::RemoteDebug,
        Guardrail::TagKeys,
    ];

    pub const fn spec_name(self) -> &'static str {
        match self {
            Guardrail::InstanceTypes => "instance_types",
            Guardrail::NetworkIsolation => "network_isolation",
            Guardrail::InterContainerEncryption => "inter_container_encryption",
            Guardrail::RemoteDebug => "remote_debug",
            Guardrail::TagKeys => "tag_keys",
        }
    }

    pub const fn key(self) -> &'static str {
        match self {
            Guardrail::InstanceTypes => "sagemaker:InstanceTypes",
            Guardrail::NetworkIsolation => "sagemaker:NetworkIsolation",
            Guardrail::InterContainerEncryption => "sagemaker:InterContainerTrafficEncryption",
            Guardrail::RemoteDebug => "sagemaker:EnableRemoteDebug",
            Guardrail::TagKeys => "aws:TagKeys",
        }
    }

    pub const fn value(self) -> GuardValue {
        match self {
            Guardrail::InstanceTypes => GuardValue::Strings { patterns: true },
            Guardrail::TagKeys => GuardValue::Strings { patterns: false },
            Guardrail::NetworkIsolation
            | Guardrail::InterContainerEncryption
            | Guardrail::RemoteDebug => GuardValue::Bool,
        }
    }

    /// What it pins, for the schema, the README and `sagerole apis`.
    pub const fn what(self) -> &'static str {
        match self {
            Guardrail::InstanceTypes => "instance types the create calls may ask for (patterns with * and ?, e.g. \"ml.m5.*\")",
            Guardrail::NetworkIsolation => "whether the create calls must enable (true) or leave off (false) network isolation",
            Guardrail::InterContainerEncryption => "whether the create calls must enable (true) or leave off (false) inter-container traffic encryption",
            Guardrail::RemoteDebug => "whether the create calls may (true) or may not (false) enable remote debugging",
            Guardrail::TagKeys => "the only tag keys the create calls may set",
        }
    }

    /// Whether `action` (`sagemaker:CreateTrainingJob`) takes the key, by
    /// its entry in the pinned Service Authorization data.
    pub fn applies_to(self, action: &str) -> bool {
        iam_data::data()
            .action(action)
            .is_some_and(|(_, a)| a.condition_keys.iter().any(|k| k == self.key()))
    }

    /// Whether a request of `action` that leaves the setting out must be
    /// denied: for a list, whether AWS always sends the key on that call;
    /// for a Boolean `value`, whether the API's default (off) differs from it.
    ///
    /// Instance types: the create calls whose request always names
    /// instances (ResourceConfig, ClusterConfig, TransformResources, a
    /// notebook's InstanceType) carry `sagemaker:InstanceTypes`; a
    /// `ForAllValues:` test alone is true when the key is absent (IAM User
    /// Guide, "Single-valued vs. multivalued context keys"), so these get a
    /// `Null = false` test beside it. Calls whose instances are optional (a
    /// serverless endpoint configuration, a domain's or a space's default
    /// resource spec, a monitoring schedule that names a job definition, an
    /// update) allow a request without the key.
    ///
    /// Booleans: SageMaker Developer Guide, "Amazon SageMaker AI
    /// identity-based policy examples", "Control creation of SageMaker AI
    /// resources with condition keys": its "Enforce Network Isolation for
    /// Training Jobs" policy tests `sagemaker:NetworkIsolation` with `Bool`
    /// `"true"`, which denies a request that leaves the key out (its
    /// instance-type policy likewise uses `ForAllValues:StringLike` on
    /// `sagemaker:InstanceTypes`). The same rule holds for the other Bool
    /// keys: the three settings are off unless the request turns them on
    /// (SageMaker API Reference, CreateTrainingJob: EnableNetworkIsolation,
    /// EnableInterContainerTrafficEncryption,
    /// RemoteDebugConfig.EnableRemoteDebug), so a request without the key
    /// is denied when the spec asks for `true` and allowed (`BoolIfExists`)
    /// when it asks for `false`.
    pub fn absent_denied(self, action: &str, value: bool) -> bool {
        match self {
            Guardrail::InstanceTypes => INSTANCES_ALWAYS_SENT.contains(&action),
            // No tags at all is within any allowed list.
            Guardrail::TagKeys => false,
            Guardrail::NetworkIsolation
            | Guardrail::InterContainerEncryption
            | Guardrail::RemoteDebug => value,
        }
    }
}

/// Create calls whose request always names the instances it runs on
/// (SageMaker API Reference: ResourceConfig or InstanceGroups,
/// HyperParameterTuningResourceConfig, ProcessingResources.ClusterConfig,
/// TransformResources, JobResources.ClusterConfig, InstanceType are
/// required), so `sagemaker:InstanceTypes` is present on them.
pub const INSTANCES_ALWAYS_SENT: &[&str] = &[
    "sagemaker:CreateDataQualityJobDefinition",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateModelBiasJobDefinition",
    "sagemaker:CreateModelExplainabilityJobDefinition",
    "sagemaker:CreateModelQualityJobDefinition",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateTransformJob",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_exist_with_their_types_in_the_pinned_data() {
        for g in Guardrail::ALL {
            let info = iam_data::data()
                .condition_key(g.key())
                .unwrap_or_else(|| panic!("{} is not in the IAM data", g.key()));
            let expected = match g.value() {
                GuardValue::Strings { .. } => "ArrayOfString",
                GuardValue::Bool => "Bool",
            };
            assert_eq!(info.kind, expected, "{}", g.key());
        }
    }

    #[test]
    fn calls_that_always_send_instances_take_the_key() {
        let mut sorted = INSTANCES_ALWAYS_SENT.to_vec();
        sorted.sort();
        assert_eq!(sorted, INSTANCES_ALWAYS_SENT);
        for a in INSTANCES_ALWAYS_SENT {
            assert!(Guardrail::InstanceTypes.applies_to(a), "{a}");
        }
    }

    #[test]
    fn applies_only_where_the_reference_lists_the_key() {
        assert!(Guardrail::NetworkIsolation.applies_to("sagemaker:CreateModel"));
        assert!(!Guardrail::NetworkIsolation.applies_to("sagemaker:CreateTransformJob"));
        assert!(Guardrail::RemoteDebug.applies_to("sagemaker:CreateTrainingJob"));
        assert!(!Guardrail::RemoteDebug.applies_to("sagemaker:CreateProcessingJob"));
        assert!(Guardrail::TagKeys.applies_to("sagemaker:AddTags"));
    }
}
