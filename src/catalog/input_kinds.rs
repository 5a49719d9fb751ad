//! The kinds of value a spec's `input` blocks may declare: the one table of
//! what each kind's values look like to AWS.
//!
//! An input is a value the deployment passes in (a Terraform variable, a
//! CloudFormation parameter). Its kind fixes where in a spec it may stand
//! (a bucket name where a bucket is named, a subnet id in `vpc.subnets`),
//! the pattern its variable and parameter validate, the longest value it
//! can take (quota sizing measures documents with it, so that the output
//! stays within IAM's limits whatever value is passed) and a value of the
//! usual shape (the lint checks the policies with it).
//!
//! Every pattern is written in the common subset of RE2 (Terraform's
//! `regex`), Java's `java.util.regex` (CloudFormation's `AllowedPattern`)
//! and the `regex` crate, and is bounded, so that `max_length` is the
//! length of its longest match.

/// A kind of input value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    S3Bucket,
    KmsKeyArn,
    SubnetId,
    SecurityGroupId,
    StudioDomainId,
    IamRoleArn,
    LambdaFunctionArn,
    SnsTopicArn,
    SqsQueueArn,
    EcrRepositoryArn,
    IamRoleName,
    NamePrefix,
    TagValue,
}

/// What AWS accepts as a value of one kind.
#[derive(Debug)]
pub struct KindFacts {
    pub kind: InputKind,
    /// The name a spec's `kind` field gives it.
    pub name: &'static str,
    /// What a value is, for descriptions and messages: "an S3 bucket name".
    pub what: &'static str,
    /// Anchored; see the module's note on the regex dialect.
    pub pattern: &'static str,
    /// The length of the longest value the pattern admits.
    pub max_length: usize,
    /// A value of `max_length` characters that matches the pattern.
    pub longest: &'static str,
    /// A value of the usual shape, from AWS's own documentation examples.
    pub sample: &'static str,
    /// The AWS page that fixes the pattern and the length.
    pub source: &'static str,
    /// The resource type and attribute of the Terraform AWS provider that
    /// hold a value of the kind (`aws_kms_key`'s `arn`), for the module
    /// call the module's README shows; `terraform` for a value of
    /// Terraform's own (`terraform.workspace`).
    pub terraform: (&'static str, &'static str),
}

impl KindFacts {
    /// The expression a root module passes to input `name` of this kind:
    /// `aws_kms_key.name.arn`, or `terraform.workspace`.
    pub fn terraform_expression(&self, name: &str) -> String {
        match self.terraform {
            ("terraform", attribute) => format!("terraform.{attribute}"),
            (resource, attribute) => format!("{resource}.{name}.{attribute}"),
        }
    }
}

pub static KINDS: &[KindFacts] = &[
    KindFacts {
        kind: InputKind::S3Bucket,
        name: "s3_bucket",
        what: "an S3 general purpose bucket name",
        // 3 to 63 lowercase letters, digits, dots and hyphens, starting and
        // ending with a letter or digit.
        pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        max_length: 63,
        longest: "amzn-s3-demo-bucket-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "amzn-s3-demo-bucket",
        source: "Amazon S3 User Guide, 'General purpose bucket naming rules'",
        terraform: ("aws_s3_bucket", "bucket"),
    },
    KindFacts {
        kind: InputKind::KmsKeyArn,
        name: "kms_key_arn",
        what: "a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID)",
        // A key id is a UUID, or `mrk-` and 32 hex digits for a
        // multi-Region key. Partitions (`aws`, `aws-us-gov`,
        // `aws-iso-b`, ...) and regions (`us-gov-west-1`) are bounded
        // generously beyond today's longest.
        pattern: "^arn:aws[a-z-]{0,10}:kms:[a-z]{2}(-[a-z]{1,10}){1,2}-[0-9]{1,2}:[0-9]{12}:key/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$",
        max_length: 103,
        longest: "arn:aws-xxxxxxxxx:kms:xx-xxxxxxxxxx-xxxxxxxxxx-10:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        sample: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        source: "AWS KMS Developer Guide, 'Key identifiers (KeyId)'",
        terraform: ("aws_kms_key", "arn"),
    },
    KindFacts {
        kind: InputKind::SubnetId,
        name: "subnet_id",
        what: "a VPC subnet id (subnet-...)",
        // `subnet-` and 8 (older) or 17 hex digits.
        pattern: "^subnet-[0-9a-f]{8}([0-9a-f]{9})?$",
        max_length: 24,
        longest: "subnet-0123456789abcdef0",
        sample: "subnet-0123456789abcdef0",
        source: "Amazon EC2 API Reference, 'Subnet' (SubnetId); Amazon EC2 User Guide, 'Resource IDs'",
        terraform: ("aws_subnet", "id"),
    },
    KindFacts {
        kind: InputKind::SecurityGroupId,
        name: "security_group_id",
        what: "a VPC security group id (sg-...)",
        pattern: "^sg-[0-9a-f]{8}([0-9a-f]{9})?$",
        max_length: 20,
        longest: "sg-0123456789abcdef0",
        sample: "sg-903004f8",
        source: "Amazon EC2 API Reference, 'SecurityGroup' (GroupId); Amazon EC2 User Guide, 'Resource IDs'",
        terraform: ("aws_security_group", "id"),
    },
    KindFacts {
        kind: InputKind::StudioDomainId,
        name: "studio_domain_id",
        what: "a SageMaker Studio domain id (d-...)",
        pattern: "^d-(-*[a-z0-9]){1,61}$",
        max_length: 63,
        longest: "d-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "d-xxxxxxxxxxxx",
        source: "SageMaker API Reference, CreateUserProfile and CreateSpace, DomainId",
        terraform: ("aws_sagemaker_domain", "id"),
    },
    // The ARNs below share the KMS key's bounds on the partition and the
    // region.
    KindFacts {
        kind: InputKind::IamRoleArn,
        name: "iam_role_arn",
        what: "an IAM role ARN without a path (arn:PARTITION:iam::ACCOUNT:role/NAME)",
        // A role name is 1 to 64 of `[\w+=,.@-]`. A role with a path
        // (`role/ci/deployer`) is left out: the CloudFormation template
        // takes the role's name from the ARN to attach the caller policy,
        // and Fn::Select can only take a fixed item of Fn::Split's list,
        // so the name must be the item after the one `/`.
        pattern: "^arn:aws[a-z-]{0,10}:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@-]{1,64}$",
        max_length: 105,
        longest: "arn:aws-xxxxxxxxx:iam::111122223333:role/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "arn:aws:iam::111122223333:role/S3Access",
        source: "IAM API Reference, 'Role' (Arn, RoleName, Path); IAM User Guide, 'IAM identifiers'",
        terraform: ("aws_iam_role", "arn"),
    },
    KindFacts {
        kind: InputKind::LambdaFunctionArn,
        name: "lambda_function_arn",
        what: "a Lambda function ARN without a version or alias (arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME)",
        // A function name is 1 to 64 letters, digits, hyphens and
        // underscores; the grant covers the unqualified function, as a
        // literal in `lambdas` does.
        pattern: "^arn:aws[a-z-]{0,10}:lambda:[a-z]{2}(-[a-z]{1,10}){1,2}-[0-9]{1,2}:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}$",
        max_length: 139,
        longest: "arn:aws-xxxxxxxxx:lambda:xx-xxxxxxxxxx-xxxxxxxxxx-10:111122223333:function:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "arn:aws:lambda:us-west-2:123456789012:function:my-function",
        source: "AWS Lambda API Reference, 'CreateFunction' (FunctionName) and 'FunctionConfiguration' (FunctionArn)",
        terraform: ("aws_lambda_function", "arn"),
    },
    KindFacts {
        kind: InputKind::SnsTopicArn,
        name: "sns_topic_arn",
        what: "an SNS topic ARN (arn:PARTITION:sns:REGION:ACCOUNT:NAME)",
        // A topic name is 1 to 256 letters, digits, hyphens and
        // underscores; a FIFO topic's ends in `.fifo`, within the 256.
        pattern: "^arn:aws[a-z-]{0,10}:sns:[a-z]{2}(-[a-z]{1,10}){1,2}-[0-9]{1,2}:[0-9]{12}:([A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}[.]fifo)$",
        max_length: 319,
        longest: "arn:aws-xxxxxxxxx:sns:xx-xxxxxxxxxx-xxxxxxxxxx-10:111122223333:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "arn:aws:sns:us-east-2:123456789012:MyTopic",
        source: "Amazon SNS API Reference, 'CreateTopic' (Name); Amazon SNS Developer Guide, 'Amazon SNS resource ARNs'",
        terraform: ("aws_sns_topic", "arn"),
    },
    KindFacts {
        kind: InputKind::SqsQueueArn,
        name: "sqs_queue_arn",
        what: "an SQS queue ARN (arn:PARTITION:sqs:REGION:ACCOUNT:NAME)",
        // A queue name is 1 to 80 letters, digits, hyphens and
        // underscores; a FIFO queue's ends in `.fifo`, within the 80.
        pattern: "^arn:aws[a-z-]{0,10}:sqs:[a-z]{2}(-[a-z]{1,10}){1,2}-[0-9]{1,2}:[0-9]{12}:([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}[.]fifo)$",
        max_length: 143,
        longest: "arn:aws-xxxxxxxxx:sqs:xx-xxxxxxxxxx-xxxxxxxxxx-10:111122223333:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "arn:aws:sqs:us-east-2:123456789012:MyQueue",
        source: "Amazon SQS API Reference, 'CreateQueue' (QueueName); Amazon SQS Developer Guide, 'Amazon SQS resource ARNs'",
        terraform: ("aws_sqs_queue", "arn"),
    },
    KindFacts {
        kind: InputKind::EcrRepositoryArn,
        name: "ecr_repository_arn",
        what: "an ECR private repository ARN (arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME)",
        // A repository name is 2 to 256 characters: lowercase letters and
        // digits, in components that `.`, `_` or `-` join and `/`
        // separates. AWS's pattern repeats its components without a
        // bound; this one keeps the characters and the ends and bounds
        // the length, so it admits a few names AWS refuses (`a..b`) and
        // none that it takes is refused. Such a name names no repository,
        // so the grant reaches nothing more.
        pattern: "^arn:aws[a-z-]{0,10}:ecr:[a-z]{2}(-[a-z]{1,10}){1,2}-[0-9]{1,2}:[0-9]{12}:repository/[a-z0-9][a-z0-9._/-]{0,254}[a-z0-9]$",
        max_length: 330,
        longest: "arn:aws-xxxxxxxxx:ecr:xx-xxxxxxxxxx-xxxxxxxxxx-10:111122223333:repository/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "arn:aws:ecr:us-west-2:012345678910:repository/ubuntu",
        source: "Amazon ECR API Reference, 'Repository' (repositoryArn, repositoryName) and 'CreateRepository'",
        terraform: ("aws_ecr_repository", "arn"),
    },
    KindFacts {
        kind: InputKind::IamRoleName,
        name: "iam_role_name",
        what: "an IAM role name",
        // IAM's roleNameType: 1 to 64 of `[\w+=,.@-]`, written out because
        // `\w` is Unicode in the regex crate and ASCII in RE2 and Java.
        pattern: "^[A-Za-z0-9_+=,.@-]{1,64}$",
        max_length: 64,
        longest: "SageMakerExecutionRole-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "Test-Role",
        source: "IAM API Reference, CreateRole, RoleName",
        terraform: ("aws_iam_role", "name"),
    },
    KindFacts {
        kind: InputKind::NamePrefix,
        name: "name_prefix",
        what: "a name prefix (lowercase letters, digits and hyphens, starting and ending with a letter or digit)",
        // What a literal `name_prefix` may be: lowercase letters and digits
        // with hyphens between them, at most 32 characters. The literal
        // rule also refuses `--`, which no bounded pattern of the common
        // dialect can refuse without lookahead; AWS's names take it (IAM's
        // `[\w+=,.@-]+`, SageMaker's `[a-zA-Z0-9](-*[a-zA-Z0-9])*`).
        //
        // 32 leaves room for the names the prefix starts: a role name
        // (`<prefix>-<role>`, IAM's limit 64) with a role name of up to 31
        // characters, a job name (`<prefix>-<workload>...`, SageMaker's 63
        // for most jobs) with 30; the lowering checks each name of a spec
        // with this longest value, and reports any that would break a limit.
        pattern: "^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$",
        max_length: 32,
        // Letters alone, so that its start is the longest value of an
        // input whose block lowers its maximum length (`max_length`).
        longest: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "team-dev",
        source: "IAM User Guide, 'IAM and AWS STS quotas' (role names, 64 characters); SageMaker API Reference, CreateTrainingJob, TrainingJobName",
        // No resource holds a prefix: a workspace per deployment is the
        // usual source (`terraform.workspace`), see `terraform_expression`.
        terraform: ("terraform", "workspace"),
    },
    KindFacts {
        kind: InputKind::TagValue,
        name: "tag_value",
        what: "an IAM tag value (up to 256 letters, digits, spaces and _ . : / = + - @)",
        // IAM's pattern for a tag value, bounded by its length: 0 to 256
        // Unicode letters, separators (spaces) and numbers, and `_.:/=+-@`.
        // `\p{L}`, `\p{Z}` and `\p{N}` are Unicode general categories in
        // RE2, Java and the regex crate alike, and each engine counts the
        // bound in characters, as IAM counts the length. The only kind
        // whose pattern admits the empty value: IAM takes an empty tag
        // value.
        pattern: r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$",
        max_length: 256,
        longest: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        sample: "Accounting",
        source: "IAM API Reference, 'Tag' (Value)",
        // No resource holds a tag value: the deployment's name is the
        // usual source of an environment tag (`terraform.workspace`).
        terraform: ("terraform", "workspace"),
    },
];

impl InputKind {
    pub fn facts(self) -> &'static KindFacts {
        KINDS
            .iter()
            .find(|f| f.kind == self)
            .expect("every kind is in the table")
    }

    pub fn named(name: &str) -> Option<InputKind> {
        KINDS.iter().find(|f| f.name == name).map(|f| f.kind)
    }

    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// Whether `value` is one of this kind. Lengths are in characters,
    /// as AWS counts them (a tag value may hold any letter).
    pub fn accepts(self, value: &str) -> bool {
        value.chars().count() <= self.facts().max_length && self.regex().is_match(value)
    }

    /// The kind's pattern as this crate matches it, compiled once. The
    /// regex crate compiles a Unicode class into byte automata, so 256
    /// repetitions of the tag value's letters, separators and numbers take
    /// half a second to compile (RE2 and Java match such a class as one
    /// instruction). A pattern that is one class up to `max_length` times
    /// is matched as the class repeated, and [`Self::accepts`] checks the
    /// length: the same values, at the cost of one class.
    pub fn regex(self) -> &'static regex::Regex {
        static COMPILED: std::sync::LazyLock<Vec<std::sync::OnceLock<regex::Regex>>> =
            std::sync::LazyLock::new(|| KINDS.iter().map(|_| std::sync::OnceLock::new()).collect());
        let at = KINDS
            .iter()
            .position(|f| f.kind == self)
            .expect("every kind is in the table");
        COMPILED[at].get_or_init(|| {
            let f = &KINDS[at];
            let bound = format!("]{{0,{}}}$", f.max_length);
            let pattern = match f.pattern.strip_suffix(bound.as_str()) {
                Some(class) if class.starts_with("^[") && !class[2..].contains('[') => {
                    format!("{class}]*$")
                }
                _ => f.pattern.to_string(),
            };
            regex::Regex::new(&pattern).expect("input patterns compile")
        })
    }
}

/// The regex crate's size limit for a pattern that repeats a Unicode class
/// as many times as a kind's maximum length (a tag value's, 256): the
/// pattern as Terraform and CloudFormation take it, compiled where a test
/// or a pattern built of several needs it whole.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 28;

#[cfg(test)]
mod tests {
    use super::*;

    /// The module call in a module's README passes each input from the
    /// resource that makes such a value (`aws_s3_bucket.<name>.bucket`), or
    /// from the workspace for a name prefix.
    #[test]
    fn each_kind_is_passed_from_the_resource_that_makes_it() {
        let facts = |kind| KINDS.iter().find(|k| k.kind == kind).unwrap();
        assert_eq!(
            facts(InputKind::S3Bucket).terraform_expression("data_bucket"),
            "aws_s3_bucket.data_bucket.bucket"
        );
        assert_eq!(
            facts(InputKind::KmsKeyArn).terraform_expression("data_key"),
            "aws_kms_key.data_key.arn"
        );
        assert_eq!(
            facts(InputKind::NamePrefix).terraform_expression("name_prefix"),
            "terraform.workspace"
        );
    }

    /// The table's own promises: each kind once, names in the spec's
    /// snake case, the longest value as long as the limit and matching,
    /// the sample matching and within it, anchored patterns, and nothing a
    /// character longer accepted.
    #[test]
    fn every_kind_keeps_its_pattern_and_length() {
        for (i, f) in KINDS.iter().enumerate() {
            assert_eq!(
                KINDS
                    .iter()
                    .position(|g| g.kind == f.kind || g.name == f.name),
                Some(i),
                "{} twice",
                f.name
            );
            assert!(f
                .name
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_'));
            assert!(f.pattern.starts_with('^') && f.pattern.ends_with('$'));
            assert_eq!(f.longest.len(), f.max_length, "{}", f.name);
            assert!(f.kind.accepts(f.longest), "{}: {}", f.name, f.longest);
            assert!(f.kind.accepts(f.sample), "{}: {}", f.name, f.sample);
            // The pattern as Terraform and CloudFormation take it, whole.
            let re = regex::RegexBuilder::new(f.pattern)
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
                .unwrap();
            assert!(
                re.is_match(f.longest) && re.is_match(f.sample),
                "{}",
                f.name
            );
            assert!(
                !re.is_match(&format!("{}0", f.longest))
                    && !re.is_match(&format!("{}a", f.longest)),
                "{}: the pattern admits more than max_length",
                f.name
            );
            assert!(!f.kind.accepts("*"), "{}", f.name);
            // IAM takes an empty tag value; no other kind has an empty value.
            assert_eq!(
                f.kind.accepts(""),
                f.kind == InputKind::TagValue,
                "{}",
                f.name
            );
        }
    }

    /// Values from AWS's documentation of each kind, and near misses.
    #[test]
    fn kinds_take_the_values_aws_documents() {
        let ok = [
            (InputKind::S3Bucket, "docexamplebucket1"),
            (InputKind::S3Bucket, "my.example.s3.bucket"),
            (InputKind::KmsKeyArn, "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"),
            (InputKind::SubnetId, "subnet-9d4a7b6c"),
            (InputKind::SecurityGroupId, "sg-1a2b3c4d5e6f7a8b9"),
            (InputKind::StudioDomainId, "d-a1b2c3d4e5f6"),
            (InputKind::IamRoleArn, "arn:aws-cn:iam::123456789012:role/Test.Role_1+=,@-"),
            (InputKind::LambdaFunctionArn, "arn:aws:lambda:us-gov-west-1:123456789012:function:ThumbNail"),
            (InputKind::SnsTopicArn, "arn:aws:sns:us-east-1:123456789012:MyTopic.fifo"),
            (InputKind::SqsQueueArn, "arn:aws:sqs:eu-central-1:123456789012:my_queue-2.fifo"),
            (InputKind::EcrRepositoryArn, "arn:aws:ecr:us-east-1:012345678910:repository/project-a/nginx-web-app"),
            (InputKind::IamRoleName, "AmazonSageMaker-ExecutionRole-20241205T103000"),
            (InputKind::IamRoleName, "service+role=a,b.c@d_e"),
            (InputKind::NamePrefix, "dev"),
            (InputKind::NamePrefix, "ml-team-2"),
            // IAM User Guide, 'Tagging IAM resources': values such as
            // `Accounting`, a cost centre, an email address, a path.
            (InputKind::TagValue, "Accounting"),
            (InputKind::TagValue, "12345"),
            (InputKind::TagValue, "ml-platform@example.com"),
            (InputKind::TagValue, "prod/eu:blue=1+2_3.4"),
            (InputKind::TagValue, "Data Science"),
            // Letters and numbers of any script, and a no-break space (Zs).
            (InputKind::TagValue, "\u{e9}quipe \u{65e5}\u{672c} \u{0663}\u{a0}x"),
        ];
        for (k, v) in ok {
            assert!(k.accepts(v), "{v}");
        }
        let bad = [
            (InputKind::S3Bucket, "DOC-EXAMPLE-BUCKET"),
            (InputKind::S3Bucket, "ab"),
            (
                InputKind::KmsKeyArn,
                "arn:aws:kms:us-east-1:111122223333:alias/x",
            ),
            (InputKind::KmsKeyArn, "1234abcd-12ab-34cd-56ef-1234567890ab"),
            (InputKind::SubnetId, "sg-0123456789abcdef0"),
            (InputKind::SecurityGroupId, "sg-0123"),
            (InputKind::StudioDomainId, "D-abc"),
            // A role with a path: its name is no fixed item of the ARN.
            (
                InputKind::IamRoleArn,
                "arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access",
            ),
            (
                InputKind::IamRoleArn,
                "arn:aws:iam::123456789012:user/JohnDoe",
            ),
            (
                InputKind::LambdaFunctionArn,
                "arn:aws:lambda:us-west-2:123456789012:function:my-function:PROD",
            ),
            (
                InputKind::LambdaFunctionArn,
                "arn:aws:lambda:us-west-2:123456789012:layer:my-layer",
            ),
            (
                InputKind::SnsTopicArn,
                "arn:aws:sqs:us-east-2:123456789012:MyQueue",
            ),
            (
                InputKind::SnsTopicArn,
                "arn:aws:sns:us-east-2:123456789012:My.Topic",
            ),
            (
                InputKind::SqsQueueArn,
                "https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue",
            ),
            (
                InputKind::EcrRepositoryArn,
                "012345678910.dkr.ecr.us-west-2.amazonaws.com/ubuntu:latest",
            ),
            (
                InputKind::EcrRepositoryArn,
                "arn:aws:ecr:us-west-2:012345678910:repository/Ubuntu",
            ),
            (InputKind::IamRoleName, "path/Test-Role"),
            (InputKind::IamRoleName, "Test Role"),
            (InputKind::IamRoleName, "r\u{e9}le"),
            (InputKind::NamePrefix, "Dev"),
            (InputKind::NamePrefix, "dev-"),
            (InputKind::NamePrefix, "-dev"),
            (InputKind::NamePrefix, "dev_1"),
            (InputKind::TagValue, "a,b"),
            (InputKind::TagValue, "a*"),
            (InputKind::TagValue, "line\nbreak"),
            (InputKind::TagValue, "tab\there"),
            (InputKind::TagValue, "${aws:username}"),
            // A combining accent (Mn) is neither a letter nor a number.
            (InputKind::TagValue, "e\u{301}"),
        ];
        for (k, v) in bad {
            assert!(!k.accepts(v), "{v}");
        }
    }

    /// A tag value is 256 characters at most, as IAM counts them: 256
    /// letters of any script pass, though their UTF-8 is longer, and 257
    /// do not.
    #[test]
    fn a_tag_value_is_measured_in_characters() {
        let k = InputKind::TagValue;
        // The whole pattern, as Terraform's and CloudFormation's engines
        // read it, bounds the length in characters too.
        let whole = regex::RegexBuilder::new(k.facts().pattern)
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .unwrap();
        assert!(whole.is_match(&"\u{e9}".repeat(256)) && !whole.is_match(&"\u{e9}".repeat(257)));
        assert!(k.accepts(&"\u{e9}".repeat(256)));
        assert!(!k.accepts(&"\u{e9}".repeat(257)));
        assert!(k.accepts(&"x".repeat(256)) && !k.accepts(&"x".repeat(257)));
    }
}
