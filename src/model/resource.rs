//! Parsing of the AWS identifiers a spec names: S3 URIs, ECR image URIs, ARNs,
//! subnet and security-group ids.
//!
//! Each parser returns either the parts sagerole needs or a [`Bad`] carrying a
//! message and a hint; [`super::lower`] attaches the spec path and span.

use crate::arn::{split_arn, Arn};
use crate::catalog::policy_variables::{self, Variable};

/// Why an identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub message: String,
    pub help: String,
}

fn bad(message: impl Into<String>, help: impl Into<String>) -> Bad {
    Bad {
        message: message.into(),
        help: help.into(),
    }
}

/// The partitions an ARN in a spec may name (AWS General Reference, ARN format).
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-eusc",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-us-gov",
];

/// `s3://bucket/key-prefix`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct S3Location {
    pub bucket: String,
    /// The key prefix as written after `bucket/`; empty for the whole bucket.
    pub prefix: String,
}

impl S3Location {
    /// Whether the key names one object, where a field takes objects as well
    /// as prefixes (`ModelDataUrl`, a compilation job's model archive): a key
    /// not ending in `/`. A key ending in `/` is a key name prefix (SageMaker
    /// API Reference, S3ModelDataSource, S3DataType: "A valid key name prefix
    /// ... always ends with a forward slash"), and so is the whole bucket.
    pub fn names_object(&self) -> bool {
        !self.prefix.is_empty() && !self.prefix.ends_with('/')
    }

    /// For a key prefix without its final `/` (`models`), read as a prefix:
    /// a neighbour it also covers (`models-prod/`), to show the reader.
    /// `None` for the whole bucket and a prefix that ends in `/`.
    pub fn open_prefix(&self) -> Option<String> {
        self.names_object()
            .then(|| format!("{}-prod/", self.prefix))
    }
}

/// Checks text that will be written into HCL strings.
///
/// `$${` and `%%{` in the text would be written `$$${` and `%%%{`, which
/// Terraform reads as a literal `$` (`%`) and an escaped template opener
/// while other HCL parsers (hcl-rs among them) read them otherwise. Nothing
/// sagerole writes needs these sequences, so they are refused rather than
/// emitted ambiguously.
pub fn hcl_safe(text: &str, what: &str) -> Result<(), Bad> {
    match ["$${", "%%{"].into_iter().find(|seq| text.contains(seq)) {
        Some(seq) => Err(bad(
            format!("{what} contains `{seq}`, which HCL tools read differently"),
            "write the text without the doubled `$` or `%`",
        )),
        None => Ok(()),
    }
}

/// Checks text that will reach a policy document verbatim.
///
/// IAM reads `*` and `?` in a resource as wildcards, which would silently widen
/// the grant, and policy documents only take TAB, LF, CR and U+0020–U+00FF
/// (IAM API `policyDocumentType`). `&{` is rejected because Terraform's
/// `aws_iam_policy_document` rewrites it to `${`. Every `${...}` must be a
/// policy variable of the principal ([`policy_variables`]).
fn check_policy_text(text: &str, what: &str) -> Result<(), Bad> {
    let literal = declared_policy_text(text, what)?;
    if let Some(c) = literal.chars().find(|c| *c == '*' || *c == '?') {
        return Err(bad(
            format!("{what} contains `{c}`, which IAM reads as a wildcard"),
            "write the exact name or prefix; sagerole never widens a grant with wildcards you did not mean",
        ));
    }
    Ok(())
}

/// Checks text a declared statement (`statement "NAME" { ... }`) takes to a
/// policy document verbatim, as [`check_policy_text`] does, except that
/// IAM's wildcards `*` and `?` are the user's to write; returns the text
/// around its policy variables.
pub fn declared_policy_text(text: &str, what: &str) -> Result<String, Bad> {
    if let Some(c) = text
        .chars()
        .find(|c| (*c as u32) < 0x20 || *c as u32 > 0xFF || *c == '\u{7f}')
    {
        return Err(bad(
            format!(
                "{what} contains the character {c:?} (U+{:04X}), which an IAM policy cannot hold",
                c as u32
            ),
            "IAM policy documents accept only printable characters up to U+00FF",
        ));
    }
    hcl_safe(text, what)?;
    if text.contains("&{") {
        return Err(bad(
            format!(
                "{what} contains `&{{`, which Terraform's aws_iam_policy_document turns into `${{`"
            ),
            "write an IAM policy variable as ${aws:...} (in HCL specs: $${aws:...})",
        ));
    }
    policy_variables(text, what)
}

/// Checks every IAM policy variable (`${...}`) in `text` and returns the
/// text around them. A variable whose value the request sets would let the
/// requester choose what the grant covers, so only the principal's are
/// accepted ([`policy_variables::classify`]); an unknown one is refused too,
/// as IAM would leave the statement unmatched or read it otherwise.
fn policy_variables(text: &str, what: &str) -> Result<String, Bad> {
    let source = "IAM User Guide, \"IAM policy elements: Variables and tags\"";
    let principal = || {
        format!(
            "use only variables whose value is the principal's: {} ({source})",
            policy_variables::accepted()
        )
    };
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        literal.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(end) = after.find('}') else {
            return Err(bad(
                format!("{what} contains `${{` without a closing `}}`"),
                principal(),
            ));
        };
        let inside = &after[..end];
        let variable = format!("${{{inside}}}");
        match policy_variables::classify(inside) {
            Variable::Principal | Variable::Literal => {}
            Variable::NotPrincipal => {
                return Err(bad(
                    format!(
                        "{what} uses the policy variable `{variable}`, whose value comes from the request, not from the principal: whoever sends the request would choose what the grant covers"
                    ),
                    principal(),
                ))
            }
            Variable::WithDefault => {
                return Err(bad(
                    format!("{what} gives the policy variable `{variable}` a default value"),
                    format!(
                        "write the variable alone, so that a principal without the value is granted nothing; {}",
                        principal()
                    ),
                ))
            }
            Variable::Unknown => {
                let names = policy_variables::PRINCIPAL.iter().copied();
                let help = match crate::suggest::did_you_mean(inside, names) {
                    Some(s) if !s.ends_with('/') => format!("did you mean `${{{s}}}`? {}", principal()),
                    _ => format!(
                        "spec strings are data, not expressions; {}",
                        principal()
                    ),
                };
                return Err(bad(
                    format!("{what} uses `{variable}`, which is no IAM policy variable"),
                    help,
                ));
            }
        }
        rest = &after[end + 1..];
    }
    literal.push_str(rest);
    Ok(literal)
}

pub fn s3_uri(uri: &str) -> Result<S3Location, Bad> {
    let Some(rest) = uri.strip_prefix("s3://") else {
        return Err(bad(
            format!("{uri:?} is not an S3 URI"),
            "write S3 locations as s3://bucket/prefix/",
        ));
    };
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    bucket_name(bucket)?;
    check_policy_text(prefix, "the S3 key prefix")?;
    if prefix.len() > 1024 {
        return Err(bad(
            "the S3 key prefix is longer than 1,024 bytes",
            "S3 keys are at most 1,024 bytes",
        ));
    }
    Ok(S3Location {
        bucket: bucket.to_string(),
        prefix: prefix.to_string(),
    })
}

/// S3 general purpose bucket naming rules (S3 User Guide, bucketnamingrules).
fn bucket_name(b: &str) -> Result<(), Bad> {
    let help = "bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
    if b.is_empty() {
        return Err(bad(
            "the S3 URI has no bucket name",
            "write s3://bucket/prefix/",
        ));
    }
    let ok_chars = b
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-');
    let ends_ok = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !(3..=63).contains(&b.len())
        || !ok_chars
        || !ends_ok(b.bytes().next())
        || !ends_ok(b.bytes().last())
        || b.contains("..")
    {
        return Err(bad(format!("{b:?} is not a valid S3 bucket name"), help));
    }
    if b.split('.').count() == 4 && b.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return Err(bad(format!("{b:?} is formatted as an IP address"), help));
    }
    Ok(())
}

/// A resource a spec names by its ARN (or image URI), parsed into `T`, or
/// by an input that holds its whole ARN: the reference
/// ([`crate::spec::raw::reference`]), which the grant writes as the
/// resource and [`super::inputs`] turns into the input's part.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Named<T> {
    Literal(T),
    Input(String),
}

impl<T> Named<T> {
    /// The resource's ARN: built from a literal's parts by `literal`, or
    /// the input's.
    pub fn arn(&self, literal: impl FnOnce(&T) -> super::value::Str) -> super::value::Str {
        match self {
            Named::Literal(t) => literal(t),
            Named::Input(reference) => super::value::Str::lit(reference),
        }
    }
}

/// An ECR image: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EcrImage {
    pub account: String,
    pub region: String,
    pub repository: String,
}

pub fn ecr_image(uri: &str) -> Result<EcrImage, Bad> {
    let help =
        "write images as ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG (or @sha256:DIGEST)";
    let Some((registry, path)) = uri.split_once('/') else {
        return Err(bad(format!("{uri:?} is not an ECR image URI"), help));
    };
    let labels: Vec<&str> = registry.split('.').collect();
    let domain_ok = matches!(
        labels.get(4..),
        Some(["amazonaws", "com"]) | Some(["amazonaws", "com", "cn"])
    );
    if labels.len() < 6 || labels[1] != "dkr" || labels[2] != "ecr" || !domain_ok {
        return Err(bad(
            format!("{registry:?} is not an Amazon ECR registry"),
            help,
        ));
    }
    let (account, region) = (labels[0], labels[3]);
    account_id(account)
        .map_err(|_| bad(format!("{account:?} is not a 12-digit account id"), help))?;
    region_name(region)?;
    let repository = match path.split_once('@') {
        Some((repo, digest)) => {
            let hex = digest.strip_prefix("sha256:").unwrap_or("");
            if hex.len() != 64 || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return Err(bad(
                    format!("{digest:?} is not a sha256 image digest"),
                    help,
                ));
            }
            repo
        }
        None => match path.rsplit_once(':') {
            Some((repo, tag)) => {
                let tag_ok = !tag.is_empty()
                    && tag.len() <= 128
                    && tag
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c))
                    && !tag.starts_with(['.', '-']);
                if !tag_ok {
                    return Err(bad(format!("{tag:?} is not a valid image tag"), help));
                }
                repo
            }
            None => path,
        },
    };
    repository_name(repository)?;
    Ok(EcrImage {
        account: account.into(),
        region: region.into(),
        repository: repository.into(),
    })
}

/// ECR repository names: `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`, 2–256 characters.
fn repository_name(repo: &str) -> Result<(), Bad> {
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.split(['.', '_', '-']).all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    if (2..=256).contains(&repo.len()) && repo.split('/').all(component_ok) {
        Ok(())
    } else {
        Err(bad(
            format!("{repo:?} is not a valid ECR repository name"),
            "repository names are lowercase letters and digits, separated by single '.', '_', '-' or '/'",
        ))
    }
}

pub fn account_id(s: &str) -> Result<(), Bad> {
    if s.len() == 12 && s.bytes().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(bad(
            format!("{s:?} is not a 12-digit AWS account id"),
            "account ids are 12 digits",
        ))
    }
}

pub fn region_name(r: &str) -> Result<(), Bad> {
    let parts: Vec<&str> = r.split('-').collect();
    let ok = parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|c| c.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(bad(
            format!("{r:?} is not an AWS region"),
            "regions look like us-east-1 or eu-central-2",
        ))
    }
}

/// [`split_arn`], with a known partition and a resource; `help` says what
/// the field takes.
fn arn_parts<'a>(s: &'a str, help: &str) -> Result<Arn<'a>, Bad> {
    let Some(a) = split_arn(s) else {
        return Err(bad(format!("{s:?} is not an ARN"), help));
    };
    if !PARTITIONS.contains(&a.partition) {
        return Err(bad(
            format!("{:?} is not an AWS partition", a.partition),
            format!("the partition is one of {}", PARTITIONS.join(", ")),
        ));
    }
    if a.resource.is_empty() {
        return Err(bad(format!("{s:?} names no resource"), help));
    }
    Ok(a)
}

/// An ARN written in a spec: [`split_arn`], with a known partition and a
/// resource that is valid policy text.
pub fn arn(s: &str) -> Result<Arn<'_>, Bad> {
    let a = arn_parts(s, "ARNs look like arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE")?;
    check_policy_text(a.resource, "the ARN")?;
    // The resource is checked above; a variable elsewhere (an account
    // `${aws:PrincipalAccount}`) follows the same rule.
    policy_variables(s, "the ARN")?;
    Ok(a)
}

/// A declared statement's resource: `*`, or an ARN in a known partition
/// whose text a policy may hold, IAM wildcards included.
pub fn declared_resource(s: &str) -> Result<(), Bad> {
    if s == "*" {
        return Ok(());
    }
    arn_parts(
        s,
        "write an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE), or \"*\" with allow_wildcard",
    )?;
    declared_policy_text(s, "the ARN").map(|_| ())
}

/// A KMS key, as an ARN `arn:PARTITION:kms:REGION:ACCOUNT:key/ID` or a bare key
/// id (then the key of that id in the deploying account, in the spec's
/// regions): each names key ARNs, which is what the policies hold. The create calls' KMS condition
/// keys (`sagemaker:VolumeKmsKeyArn`, `sagemaker:OutputKmsKeyArn`, ...) compare
/// key ARNs ("The ARN of the key-id must be used", Service Authorization
/// Reference, Amazon SageMaker AI), and IAM authorizes KMS operations against
/// the key ARN. Aliases, by name or by ARN, are refused: an alias can be
/// pointed at another key, and no policy compares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct KmsKey {
    /// `None` for a bare key id: the deploying account, in the spec's regions.
    pub region_account: Option<(String, String)>,
    /// The key id; for a key whose ARN is an input, the reference to it
    /// ([`crate::spec::raw::reference`]).
    pub key_id: String,
    /// Whether `key_id` is a reference to an input holding the key's whole ARN.
    pub arn_input: bool,
}

impl KmsKey {
    /// A key whose ARN is the input `reference` names.
    pub fn input(reference: &str) -> Self {
        KmsKey {
            region_account: None,
            key_id: reference.to_string(),
            arn_input: true,
        }
    }
}

pub fn kms_key(s: &str) -> Result<KmsKey, Bad> {
    let alias_help = "name the key by its key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): SageMaker's ...KmsKeyArn condition keys and KMS itself compare key ARNs, never aliases";
    if s.starts_with("alias/") {
        return Err(bad(format!("{s:?} is a KMS alias"), alias_help));
    }
    if !s.starts_with("arn:") {
        key_id(s)?;
        return Ok(KmsKey {
            region_account: None,
            key_id: s.to_string(),
            arn_input: false,
        });
    }
    let a = arn(s)?;
    if a.service != "kms" {
        return Err(bad(format!("{s:?} is not a KMS key ARN"), alias_help));
    }
    if a.resource.starts_with("alias/") {
        return Err(bad(format!("{s:?} is the ARN of a KMS alias"), alias_help));
    }
    let Some(id) = a.resource.strip_prefix("key/") else {
        return Err(bad(format!("{s:?} does not name a KMS key"), alias_help));
    };
    region_name(a.region)?;
    account_id(a.account)?;
    key_id(id)?;
    Ok(KmsKey {
        region_account: Some((a.region.into(), a.account.into())),
        key_id: id.into(),
        arn_input: false,
    })
}

/// Key ids are UUIDs, or `mrk-` and 32 hex digits for multi-Region keys.
fn key_id(id: &str) -> Result<(), Bad> {
    let hex = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    };
    let uuid = {
        let g: Vec<&str> = id.split('-').collect();
        g.len() == 5
            && g.iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(p, n)| p.len() == n && hex(p))
    };
    let mrk = id
        .strip_prefix("mrk-")
        .is_some_and(|h| h.len() == 32 && hex(h));
    if uuid || mrk {
        Ok(())
    } else {
        Err(bad(
            format!("{id:?} is not a KMS key id"),
            "key ids are UUIDs such as 1234abcd-12ab-34cd-56ef-1234567890ab, or mrk- and 32 hex digits",
        ))
    }
}

/// An IAM principal that launches workloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub account: String,
    /// `role` or `user`.
    pub kind: String,
    /// The name without the path.
    pub name: String,
}

pub fn principal(s: &str) -> Result<Principal, Bad> {
    let help = "callers are IAM roles or users: arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:user/NAME";
    let a = arn(s).map_err(|b| bad(b.message, help))?;
    if a.service != "iam" || !a.region.is_empty() {
        return Err(bad(format!("{s:?} is not an IAM ARN"), help));
    }
    account_id(a.account)?;
    let (kind, path_name) = a.resource.split_once('/').unwrap_or((a.resource, ""));
    if kind != "role" && kind != "user" {
        return Err(bad(
            format!("{s:?} is neither an IAM role nor an IAM user"),
            help,
        ));
    }
    let name = path_name.rsplit('/').next().unwrap_or("");
    iam_name(name, 64).map_err(|b| bad(b.message, help))?;
    Ok(Principal {
        account: a.account.into(),
        kind: kind.into(),
        name: name.into(),
    })
}

/// An SNS topic: `arn:PARTITION:sns:REGION:ACCOUNT:NAME`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SnsTopic {
    pub region: String,
    pub account: String,
    pub name: String,
}

pub fn sns_topic(s: &str) -> Result<SnsTopic, Bad> {
    // SNS topic names: 1–256 letters, digits, hyphens and underscores, and a
    // `.fifo` suffix for FIFO topics (SNS API CreateTopic).
    messaging_resource(s, "sns", 256, "SNS topic")
}

/// An SQS queue: `arn:PARTITION:sqs:REGION:ACCOUNT:NAME`.
pub type SqsQueue = SnsTopic;

pub fn sqs_queue(s: &str) -> Result<SqsQueue, Bad> {
    // SQS queue names: 1–80 letters, digits, hyphens and underscores, and a
    // `.fifo` suffix for FIFO queues (SQS API CreateQueue, QueueName).
    messaging_resource(s, "sqs", 80, "SQS queue").map_err(|mut b| {
        // The SageMaker Python SDK's CallbackStep takes the queue's URL.
        b.help
            .push_str(" (the queue of the URL https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)");
        b
    })
}

/// An SNS topic's or SQS queue's ARN: a name in a region and account, of
/// letters, digits, hyphens and underscores, with an optional `.fifo`.
fn messaging_resource(s: &str, service: &str, max: usize, what: &str) -> Result<SnsTopic, Bad> {
    let help = format!("{what}s are named by ARN: arn:aws:{service}:REGION:ACCOUNT:NAME");
    let a = arn(s).map_err(|b| bad(b.message, &help))?;
    if a.service != service {
        return Err(bad(format!("{s:?} is not an {what} ARN"), &help));
    }
    region_name(a.region)?;
    account_id(a.account)?;
    let base = a.resource.strip_suffix(".fifo").unwrap_or(a.resource);
    if base.is_empty()
        || a.resource.len() > max
        || !base
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    {
        return Err(bad(
            format!("{:?} is not a valid {what} name", a.resource),
            &help,
        ));
    }
    Ok(SnsTopic {
        region: a.region.into(),
        account: a.account.into(),
        name: a.resource.into(),
    })
}

/// A Lambda function, unqualified: `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LambdaFunction {
    pub region: String,
    pub account: String,
    pub name: String,
}

pub fn lambda_function(s: &str) -> Result<LambdaFunction, Bad> {
    let help = "name functions by ARN: arn:aws:lambda:REGION:ACCOUNT:function:NAME";
    let a = arn(s).map_err(|b| bad(b.message, help))?;
    let Some(name) = a
        .resource
        .strip_prefix("function:")
        .filter(|_| a.service == "lambda")
    else {
        return Err(bad(format!("{s:?} is not a Lambda function ARN"), help));
    };
    region_name(a.region)?;
    account_id(a.account)?;
    if name.contains(':') {
        return Err(bad(
            format!("{s:?} names a version or alias of a function"),
            "name the function itself: the grant covers invocations of its unqualified ARN",
        ));
    }
    // Lambda function names: 1–64 letters, digits, hyphens and underscores.
    if name.is_empty()
        || name.len() > 64
        || !name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    {
        return Err(bad(
            format!("{name:?} is not a valid Lambda function name"),
            help,
        ));
    }
    Ok(LambdaFunction {
        region: a.region.into(),
        account: a.account.into(),
        name: name.into(),
    })
}

/// A work team ARN, `arn:PARTITION:sagemaker:REGION:ACCOUNT:workteam/TYPE/NAME`
/// (API_CreateLabelingJob: WorkteamArn), kept as written: it is compared
/// with `sagemaker:WorkteamArn` in the request, in the deploying partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workteam {
    pub region: String,
    pub account: String,
    /// `workteam/TYPE/NAME`.
    pub resource: String,
}

/// A model package group of another account (the model registry of a
/// tooling account), named by its ARN.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PackageGroup {
    pub region: String,
    pub account: String,
    pub name: String,
}

/// `arn:PARTITION:sagemaker:REGION:ACCOUNT:model-package-group/NAME`
/// (Service Authorization Reference, Amazon SageMaker AI, resource type
/// model-package-group); names are 1–63 letters, digits and single
/// hyphens (SageMaker API Reference, CreateModelPackageGroup).
pub fn package_group(s: &str) -> Result<PackageGroup, Bad> {
    let help = "name a group of another account by ARN: arn:aws:sagemaker:REGION:ACCOUNT:model-package-group/NAME, or a registry workload of the spec by name";
    let a = arn(s).map_err(|b| bad(b.message, help))?;
    let Some(name) = a
        .resource
        .strip_prefix("model-package-group/")
        .filter(|_| a.service == "sagemaker")
    else {
        return Err(bad(
            format!("{s:?} is not a SageMaker model package group ARN"),
            help,
        ));
    };
    region_name(a.region)?;
    account_id(a.account)?;
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--");
    if !valid {
        return Err(bad(
            format!("{name:?} is not a valid model package group name"),
            "group names are 1 to 63 letters, digits and single hyphens",
        ));
    }
    Ok(PackageGroup {
        region: a.region.into(),
        account: a.account.into(),
        name: name.into(),
    })
}

pub fn workteam(s: &str) -> Result<Workteam, Bad> {
    let help =
        "name the work team by ARN: arn:aws:sagemaker:REGION:ACCOUNT:workteam/private-crowd/NAME";
    let a = arn(s).map_err(|b| bad(b.message, help))?;
    let rest = a
        .resource
        .strip_prefix("workteam/")
        .filter(|_| a.service == "sagemaker");
    let Some((kind, name)) = rest.and_then(|r| r.split_once('/')) else {
        return Err(bad(format!("{s:?} is not a SageMaker work team ARN"), help));
    };
    region_name(a.region)?;
    account_id(a.account)?;
    if !["private-crowd", "vendor-crowd", "public-crowd"].contains(&kind) {
        return Err(bad(
            format!("{kind:?} is not a work team type"),
            "work team ARNs hold private-crowd, vendor-crowd or public-crowd",
        ));
    }
    // Work team names: 1–63 letters, digits and hyphens (API_CreateWorkteam).
    if name.is_empty()
        || name.len() > 63
        || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
    {
        return Err(bad(format!("{name:?} is not a valid work team name"), help));
    }
    Ok(Workteam {
        region: a.region.into(),
        account: a.account.into(),
        resource: a.resource.into(),
    })
}

/// A CloudWatch alarm name, as it goes into `arn:...:alarm:NAME`.
pub fn alarm_name(name: &str) -> Result<(), Bad> {
    if name.is_empty() || name.chars().count() > 255 {
        return Err(bad(
            format!("{name:?} is not a CloudWatch alarm name"),
            "alarm names are 1 to 255 characters",
        ));
    }
    check_policy_text(name, "the alarm name")
}

/// A managed policy ARN for a permissions boundary.
pub fn policy_arn(s: &str) -> Result<(), Bad> {
    let help = "permissions boundaries are managed policies: arn:aws:iam::ACCOUNT:policy/NAME";
    let a = arn(s).map_err(|b| bad(b.message, help))?;
    if a.service != "iam" || !a.region.is_empty() || !a.resource.starts_with("policy/") {
        return Err(bad(format!("{s:?} is not an IAM managed policy ARN"), help));
    }
    if a.account != "aws" {
        account_id(a.account)?;
    }
    Ok(())
}

/// IAM user, role and policy names: `[\w+=,.@-]+` (IAM API `roleNameType`).
pub fn iam_name(name: &str, max: usize) -> Result<(), Bad> {
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c)))
    {
        return Err(bad(
            format!("{name:?} contains {c:?}, which IAM names cannot hold"),
            "IAM names use letters, digits and + = , . @ _ -",
        ));
    }
    if name.is_empty() || name.len() > max {
        return Err(bad(
            format!(
                "{name:?} is {} characters long; IAM allows 1 to {max}",
                name.len()
            ),
            "shorten the name_prefix or the block's name",
        ));
    }
    Ok(())
}

/// IAM paths: `/` or `/segment/.../` with printable ASCII, at most 512 characters.
pub fn iam_path(path: &str) -> Result<(), Bad> {
    let ok = path.len() <= 512
        && path.starts_with('/')
        && path.ends_with('/')
        && !path.contains("//")
        && path
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"/.,+@=_-".contains(&c));
    if ok {
        Ok(())
    } else {
        Err(bad(
            format!("{path:?} is not a valid IAM path"),
            "IAM paths start and end with '/', e.g. /ml/, and use letters, digits and . , + @ = _ -",
        ))
    }
}

/// `subnet-…` or `sg-…` ids: the prefix and 8 or 17 lowercase hex digits (shorter ids are accepted for examples).
pub fn vpc_id(s: &str, prefix: &str) -> Result<(), Bad> {
    let ok = s
        .strip_prefix(prefix)
        .and_then(|h| h.strip_prefix('-'))
        .is_some_and(|h| {
            (1..=17).contains(&h.len())
                && h.bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        });
    if ok {
        Ok(())
    } else {
        Err(bad(
            format!("{s:?} is not a {prefix} id"),
            format!("{prefix} ids look like {prefix}-0123456789abcdef0"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris_split_bucket_and_prefix() {
        let l = s3_uri("s3://churn-data/train/").unwrap();
        assert_eq!(
            (l.bucket.as_str(), l.prefix.as_str()),
            ("churn-data", "train/")
        );
        assert_eq!(s3_uri("s3://churn-data").unwrap().prefix, "");
        assert_eq!(
            s3_uri("s3://b1c/home/${aws:username}/").unwrap().prefix,
            "home/${aws:username}/"
        );
    }

    #[test]
    fn s3_uris_reject_bad_buckets_and_wildcards() {
        for uri in [
            "churn-data/x",
            "s3://",
            "s3://Upper/x",
            "s3://a..b/x",
            "s3://ab/x",
            "s3://192.168.1.1/x",
        ] {
            assert!(s3_uri(uri).is_err(), "{uri}");
        }
        assert!(s3_uri("s3://bucket/data/*")
            .unwrap_err()
            .message
            .contains("wildcard"));
        assert!(s3_uri("s3://bucket/a&{b}").is_err());
        assert!(s3_uri("s3://bucket/snow\u{2603}").is_err());
    }

    #[test]
    fn only_principal_policy_variables_reach_a_policy() {
        // IAM writes literal special characters as variables: `${*}` is a
        // `*`, not a wildcard, and widens nothing.
        assert!(s3_uri("s3://bucket/star${*}/${aws:username}/").is_ok());
        assert!(s3_uri("s3://bucket/${aws:username}*/")
            .unwrap_err()
            .message
            .contains("wildcard"));
        for (uri, why) in [
            ("s3://bucket/${s3:prefix}/", "comes from the request"),
            ("s3://bucket/${aws:usrname}/", "no IAM policy variable"),
            ("s3://bucket/${aws:username", "without a closing"),
        ] {
            let e = s3_uri(uri).unwrap_err();
            assert!(e.message.contains(why), "{uri}: {}", e.message);
        }
        let e = arn("arn:aws:sns:us-east-1:111122223333:${aws:RequestTag/t}").unwrap_err();
        assert!(
            e.message.contains("comes from the request"),
            "{}",
            e.message
        );
    }

    #[test]
    fn s3_key_prefixes_hold_what_a_policy_document_and_an_s3_key_can() {
        // IAM API policyDocumentType: TAB, LF, CR and U+0020 to U+00FF; the
        // space and U+00FF are in, the controls below them and above out.
        assert_eq!(s3_uri("s3://bucket/my data/").unwrap().prefix, "my data/");
        assert!(s3_uri("s3://bucket/caf\u{e9}/\u{ff}/").is_ok());
        for c in ['\u{1}', '\u{1f}', '\u{7f}', '\u{100}'] {
            let e = s3_uri(&format!("s3://bucket/a{c}b/")).unwrap_err();
            assert!(e.message.contains("cannot hold"), "{c:?}: {}", e.message);
        }
        // S3 User Guide, "Naming Amazon S3 objects": a key is at most 1,024
        // bytes of UTF-8.
        assert!(s3_uri(&format!("s3://bucket/{}", "k".repeat(1024))).is_ok());
        assert!(s3_uri(&format!("s3://bucket/{}", "k".repeat(1025))).is_err());
    }

    #[test]
    fn ecr_images_parse_with_tag_or_digest() {
        let i =
            ecr_image("111122223333.dkr.ecr.us-east-1.amazonaws.com/team/churn-xgb:1.7").unwrap();
        assert_eq!(
            (i.account.as_str(), i.region.as_str(), i.repository.as_str()),
            ("111122223333", "us-east-1", "team/churn-xgb")
        );
        let digest = format!(
            "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/x1@sha256:{}",
            "a".repeat(64)
        );
        assert_eq!(ecr_image(&digest).unwrap().repository, "x1");
        for bad in [
            "docker.io/library/python:3",
            "111122223333.dkr.ecr.us-east-1.amazonaws.com/Churn:1",
            "11112222333.dkr.ecr.us-east-1.amazonaws.com/churn:1",
            "111122223333.dkr.ecr.useast1.amazonaws.com/churn:1",
            "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:",
        ] {
            assert!(ecr_image(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kms_keys_are_key_arns_or_ids() {
        let k =
            kms_key("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .unwrap();
        assert_eq!(
            k.region_account,
            Some(("us-east-1".into(), "111122223333".into()))
        );
        assert!(kms_key("mrk-1234abcd12ab34cd56ef1234567890ab")
            .unwrap()
            .region_account
            .is_none());
        let refused = |s: &str| kms_key(s).unwrap_err().message;
        assert_eq!(refused("alias/data"), "\"alias/data\" is a KMS alias");
        assert_eq!(
            refused("arn:aws:kms:us-east-1:111122223333:alias/data"),
            "\"arn:aws:kms:us-east-1:111122223333:alias/data\" is the ARN of a KMS alias"
        );
        assert!(kms_key("arn:aws:s3:::bucket").is_err());
    }

    #[test]
    fn principals_are_iam_roles_or_users() {
        let p = principal("arn:aws:iam::111122223333:role/ci/deployer").unwrap();
        assert_eq!((p.kind.as_str(), p.name.as_str()), ("role", "deployer"));
        assert!(principal("arn:aws:iam::111122223333:group/ops").is_err());
        assert!(principal("arn:aws:sts::111122223333:assumed-role/x/y").is_err());
        assert!(principal("arn:aws:iam::1111:role/x").is_err());
        // IAM is global: its ARNs leave the region empty (IAM User Guide,
        // "IAM identifiers"); a role ARN of another service is no principal.
        assert!(principal("arn:aws:iam:us-east-1:111122223333:role/x").is_err());
        assert!(principal("arn:aws:s3::111122223333:role/x").is_err());
    }

    #[test]
    fn iam_rules() {
        assert!(iam_name(&"a".repeat(64), 64).is_ok());
        assert!(iam_name(&"a".repeat(65), 64).is_err());
        assert!(iam_name("has space", 64).is_err());
        assert!(iam_path("/ml/").is_ok());
        assert!(iam_path("ml").is_err());
        assert!(vpc_id("subnet-0abc", "subnet").is_ok());
        assert!(vpc_id("sg-0abc", "subnet").is_err());
    }
}
