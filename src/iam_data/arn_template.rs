//! ARN templates of the IAM data (`arn:${Partition}:s3:::${BucketName}`),
//! compiled once and matched against concrete ARNs: which resource types an
//! ARN is of. The lint asks this for every resource of every statement.

use crate::arn::resource_start;

/// An ARN template split into literal text and variables, for matching
/// many ARNs (the IAM data keeps one per resource type,
/// [`super::ResourceType::fits`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArnTemplate {
    segments: Vec<Segment>,
    /// The literal text that starts the resource part, where it is known
    /// (see [`resource_prefix`]): a cheap test that rules out most types.
    resource_prefix: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Lit(String),
    Var(Class),
}

/// The characters a variable may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Object keys: anything but a line break.
    Any,
    /// Path-like names: anything but `:`.
    Path,
    /// Every other name: neither `:` nor `/`.
    Name,
}

impl Class {
    fn of(variable: &str) -> Class {
        // Names that hold `/`: a Systems Manager parameter in a hierarchy
        // (`/ml/setup` is `parameter/ml/setup`; AWS Systems Manager User
        // Guide, "Working with parameter hierarchies") and a Secrets Manager
        // secret name (Secrets Manager API Reference, CreateSecret: Name
        // takes `/_+=.@-`) among them. A model package's name is
        // `GROUP/VERSION` for a versioned package, the model registry's
        // kind: SageMaker Developer Guide, "Make model package groups
        // discoverable", names a group's versions
        // `model-package/<model-package-group-name>/*`, and the versions'
        // ARNs AWS returns end in `model-package/GROUP/N` (SageMaker API
        // Reference, ModelPackageSummary: ModelPackageVersion).
        const PATH_LIKE: &[&str] = &[
            "LogGroupName",
            "LogStreamName",
            "RoleNameWithPath",
            "RepositoryName",
            "Path",
            "ParameterName",
            "SecretId",
            "ModelPackageName",
        ];
        if variable == "ObjectName" {
            Class::Any
        } else if PATH_LIKE.iter().any(|p| variable.contains(p)) {
            Class::Path
        } else {
            Class::Name
        }
    }

    /// Whether the class holds this byte. The excluded characters are ASCII,
    /// so a byte test never splits a multi-byte character.
    fn holds(self, b: u8) -> bool {
        match self {
            Class::Any => b != b'\n',
            Class::Path => b != b':',
            Class::Name => b != b':' && b != b'/',
        }
    }
}

impl ArnTemplate {
    pub(crate) fn new(template: &str) -> Self {
        let mut segments = Vec::new();
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            if i > 0 {
                segments.push(Segment::Lit(rest[..i].to_string()));
            }
            let end = rest[i..].find('}').map_or(rest.len(), |j| i + j);
            segments.push(Segment::Var(Class::of(&rest[i + 2..end])));
            rest = rest.get(end + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            segments.push(Segment::Lit(rest.to_string()));
        }
        let resource_prefix = resource_prefix(&segments);
        ArnTemplate {
            segments,
            resource_prefix,
        }
    }

    /// The literal text that every fitting ARN's resource part starts with,
    /// where the template tells it (never empty).
    pub(crate) fn resource_prefix(&self) -> Option<&str> {
        self.resource_prefix.as_deref()
    }

    pub(crate) fn fits(&self, arn: &str) -> bool {
        self.fits_at(arn, resource_start(arn))
    }

    /// [`Self::fits`], for an ARN whose resource part starts at `resource`
    /// ([`crate::arn::resource_start`]).
    pub(crate) fn fits_at(&self, arn: &str, resource: Option<usize>) -> bool {
        if let Some(prefix) = &self.resource_prefix {
            // The lint asks only about types whose prefix starts with the
            // ARN's first resource byte ([`super::DefinedTypes::candidates`]),
            // so most prefixes it compares are alike for several bytes:
            // compared whole, not byte by byte.
            let starts =
                resource.is_some_and(|i| arn.as_bytes()[i..].starts_with(prefix.as_bytes()));
            if !starts {
                return false;
            }
        }
        fits(&self.segments, arn.as_bytes())
    }
}

/// The literal text that starts a template's resource part, when the
/// template's first five `:` are literal and no variable before them can
/// take a `:`. Then in every ARN that fits, those five are its first five
/// `:`, and its resource part starts with this text.
fn resource_prefix(segments: &[Segment]) -> Option<String> {
    let mut colons = 0;
    for segment in segments {
        match segment {
            Segment::Var(Class::Any) => return None,
            Segment::Var(Class::Path | Class::Name) => {}
            Segment::Lit(l) => {
                for (i, _) in l.match_indices(':') {
                    colons += 1;
                    if colons == 5 {
                        let rest = &l[i + 1..];
                        return (!rest.is_empty()).then(|| rest.to_string());
                    }
                }
            }
        }
    }
    None
}

/// Whether `text` starts with `prefix`, compared byte by byte: template
/// literals and prefixes are short and most differ from an ARN in their
/// first byte or two, where a call to memcmp would cost more than the
/// comparison.
fn starts_with_bytes(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text.iter().zip(prefix).all(|(a, b)| a == b)
}

/// Matches segments against the whole of `text`. A variable takes at least
/// one character of its class. When what follows cannot start inside the
/// variable (the end of the ARN, or a literal such as `:` that the class
/// excludes), the variable takes its whole run; otherwise each length is
/// tried. Templates hold a few variables between literals, so the search
/// stays short.
fn fits(segments: &[Segment], text: &[u8]) -> bool {
    match segments.split_first() {
        None => text.is_empty(),
        Some((Segment::Lit(l), rest)) => {
            let l = l.as_bytes();
            starts_with_bytes(text, l) && fits(rest, &text[l.len()..])
        }
        Some((Segment::Var(class), rest)) => {
            let run = text.iter().take_while(|&&b| class.holds(b)).count();
            let greedy = match rest.first() {
                None => true,
                Some(Segment::Lit(l)) => l.bytes().next().is_some_and(|b| !class.holds(b)),
                Some(Segment::Var(_)) => false,
            };
            if greedy {
                run > 0 && fits(rest, &text[run..])
            } else {
                // Only at a character's boundary: a variable takes whole
                // characters, so two adjacent ones cannot share the two
                // bytes of `é`.
                (1..=run)
                    .filter(|&n| text.get(n).is_none_or(|&b| b & 0xC0 != 0x80))
                    .any(|n| fits(rest, &text[n..]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam_data;

    /// Whether a concrete ARN fits an ARN template such as
    /// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. Variables match at
    /// least one character; none crosses a `:`, and only the path-like ones
    /// (object keys, log group and stream names, role names with path,
    /// repositories) cross a `/`.
    fn arn_fits(template: &str, arn: &str) -> bool {
        ArnTemplate::new(template).fits(arn)
    }

    #[test]
    fn arn_templates_tell_buckets_from_objects() {
        let bucket = "arn:${Partition}:s3:::${BucketName}";
        let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        assert!(arn_fits(bucket, "arn:aws:s3:::data"));
        assert!(!arn_fits(bucket, "arn:aws:s3:::data/train/x"));
        assert!(arn_fits(object, "arn:aws:s3:::data/train/x"));
        assert!(!arn_fits(object, "arn:aws:s3:::data"));
        assert!(
            arn_fits(object, "arn:aws:s3:::data/a:b/c"),
            "object keys may hold colons"
        );
    }

    /// Two adjacent variables each take at least one whole character:
    /// CodeArtifact's package group ARN ends in `${DomainName}` followed
    /// by `${EncodedPackageGroupPattern}`, and one two-byte letter does not
    /// fill both.
    #[test]
    fn adjacent_variables_take_whole_characters() {
        let group = "arn:${Partition}:codeartifact:${Region}:${Account}:package-group/${DomainName}${EncodedPackageGroupPattern}";
        let arn = |rest: &str| {
            format!("arn:aws:codeartifact:us-east-1:111122223333:package-group/{rest}")
        };
        assert!(!arn_fits(group, &arn("é")));
        assert!(arn_fits(group, &arn("éé")));
        assert!(arn_fits(group, &arn("ab")));
        assert!(!arn_fits(group, &arn("a")));
    }

    /// The matcher's meaning, as a regular expression: each variable a
    /// class of at least one character.
    fn oracle(template: &str) -> regex::Regex {
        let mut pattern = String::from("^");
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            pattern.push_str(&regex::escape(&rest[..i]));
            let end = rest[i..].find('}').map_or(rest.len(), |j| i + j);
            pattern.push_str(match Class::of(&rest[i + 2..end]) {
                Class::Any => ".+",
                Class::Path => "[^:]+",
                Class::Name => "[^:/]+",
            });
            rest = rest.get(end + 1..).unwrap_or("");
        }
        pattern.push_str(&regex::escape(rest));
        pattern.push('$');
        regex::Regex::new(&pattern).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, ..Default::default() })]

        /// Every ARN template of the IAM data, with its variables filled by
        /// text that may cross `:`, `/` and line breaks, or be empty: the
        /// matcher agrees with the regular expression.
        #[test]
        fn matcher_agrees_with_its_regular_expression(
            pick in 0usize..10_000,
            fills in proptest::collection::vec("[a\\-:/\n é]{0,4}", 8),
            tail in "[a:/]{0,2}",
        ) {
            let templates: Vec<&str> = iam_data::data()
                .services
                .values()
                .flat_map(|s| s.resource_types.values().map(|t| t.arn.as_str()))
                .collect();
            let template = templates[pick % templates.len()];
            let mut arn = String::new();
            let mut rest = template;
            let mut fill = fills.iter();
            while let Some(i) = rest.find("${") {
                arn.push_str(&rest[..i]);
                arn.push_str(fill.next().map_or("x", String::as_str));
                let end = rest[i..].find('}').map_or(rest.len(), |j| i + j);
                rest = rest.get(end + 1..).unwrap_or("");
            }
            arn.push_str(rest);
            arn.push_str(&tail);
            proptest::prop_assert_eq!(
                ArnTemplate::new(template).fits(&arn),
                oracle(template).is_match(&arn),
                "{} against {}", arn, template
            );
        }
    }

    /// What makes the resource-part prefix a pure speed-up, and so the
    /// mutants of `resource_prefix` that drop or empty it equivalent
    /// (.cargo/mutants.toml): every template of the IAM data starts with
    /// the literal `arn:` and a partition variable, and writes its first
    /// five `:` as literal text. Every ARN that fits one then has a
    /// resource part, which an empty prefix starts.
    #[test]
    fn every_template_starts_with_arn_partition_and_five_literal_colons() {
        for service in iam_data::data().services.values() {
            for t in service.resource_types.values() {
                let template = ArnTemplate::new(&t.arn);
                assert_eq!(
                    template.segments[..2],
                    [Segment::Lit("arn:".into()), Segment::Var(Class::Name)],
                    "{}",
                    t.arn
                );
                let literal_colons: usize = template
                    .segments
                    .iter()
                    .map(|s| match s {
                        Segment::Lit(l) => l.matches(':').count(),
                        Segment::Var(_) => 0,
                    })
                    .sum();
                assert!(literal_colons >= 5, "{}", t.arn);
            }
        }
    }

    #[test]
    fn log_groups_and_streams_are_told_apart() {
        let group = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
        let stream = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
        let g = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs";
        let s = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs:log-stream:t-trainx";
        assert!(arn_fits(group, g) && !arn_fits(group, s));
        assert!(arn_fits(stream, s) && !arn_fits(stream, g));
    }

    #[test]
    fn hierarchical_parameters_and_secrets_fit_their_types() {
        let parameter = "arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}";
        let secret = "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}";
        assert!(arn_fits(
            parameter,
            "arn:aws:ssm:us-east-1:111122223333:parameter/ml/setup"
        ));
        assert!(!arn_fits(
            parameter,
            "arn:aws:ssm:us-east-1:111122223333:document/ml"
        ));
        assert!(arn_fits(
            secret,
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:ml/db-AbCdEf"
        ));
    }

    #[test]
    fn versioned_model_packages_fit_the_model_package_type() {
        let package =
            "arn:${Partition}:sagemaker:${Region}:${Account}:model-package/${ModelPackageName}";
        let group = "arn:${Partition}:sagemaker:${Region}:${Account}:model-package-group/${ModelPackageGroupName}";
        let version = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn-models/3";
        assert!(arn_fits(package, version));
        assert!(arn_fits(
            package,
            "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn-models/*"
        ));
        assert!(arn_fits(
            package,
            "arn:aws:sagemaker:us-east-1:111122223333:model-package/unversioned"
        ));
        // A version is not a group, and a group name holds no `/`.
        assert!(!arn_fits(group, version));
        assert!(!arn_fits(
            group,
            "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/churn-models/3"
        ));
    }
}
