//! Self-lint: every emitted policy checked against the pinned IAM data.
//!
//! A finding in generated output is a bug in sagerole, not in the spec: the
//! CLI lints before writing anything and refuses to write policies with
//! findings. The rules:
//!
//! - every action exists in the Service Authorization data;
//! - no service-wide wildcard action (`s3:*`, `sagemaker:*`, `iam:*`);
//! - every resource matches one of the action's resource types (an object
//!   ARN is not a bucket); an action without resource types is granted on
//!   `*` only; `*` for an action with resource types needs a recorded reason;
//! - every condition key exists for the action (its own keys, the keys of its
//!   resource types, or a global `aws:` key), and multivalued keys are tested
//!   with `ForAllValues:`/`ForAnyValue:` or `Null`;
//! - `iam:PassRole` names exact roles and tests `iam:PassedToService`;
//! - `Sid`s are `[A-Za-z0-9]+` and unique within their policy.

use std::collections::BTreeSet;
use std::fmt;

use crate::iam_data::{self, Action, Service};
use crate::model::document::Context;
use crate::model::resource::split_arn;
use crate::model::value::{Part, Str};
use crate::model::{Model, Policy, Statement};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A policy that must not be written: a bug in sagerole.
    Error,
    /// Broad access the spec asked for (an AWS managed policy).
    Warning,
}

/// One problem with one statement (or, for warnings, with a role).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub severity: Severity,
    /// `role "exec"` or `caller "ci"`.
    pub owner: String,
    pub sid: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(f, "{} statement {}: {}", self.owner, self.sid, self.message),
            Severity::Warning => write!(f, "{}: {}", self.owner, self.message),
        }
    }
}

/// Lints every policy of a model.
pub fn lint(model: &Model) -> Vec<Finding> {
    let cx = Context::new("aws", "123456789012", "us-east-1");
    let mut findings = Vec::new();
    let owners = model
        .roles
        .iter()
        .map(|r| (format!("role {:?}", r.key), &r.policy))
        .chain(
            model
                .callers
                .iter()
                .map(|c| (format!("caller {:?}", c.key), &c.policy)),
        );
    for (owner, policy) in owners {
        lint_policy(&owner, policy, &cx, &mut findings);
    }
    for r in &model.roles {
        for m in &r.aws_managed {
            findings.push(Finding {
                severity: Severity::Warning,
                owner: format!("role {:?}", r.key),
                sid: String::new(),
                message: m.reason.clone(),
            });
        }
    }
    findings.sort();
    findings
}

fn lint_policy(owner: &str, policy: &Policy, cx: &Context, out: &mut Vec<Finding>) {
    let mut sids = BTreeSet::new();
    for st in &policy.statements {
        let mut find = |message: String| {
            out.push(Finding {
                severity: Severity::Error,
                owner: owner.into(),
                sid: st.sid.clone(),
                message,
            })
        };
        if st.sid.is_empty() || !st.sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            find(format!("Sid {:?} is not [A-Za-z0-9]+", st.sid));
        }
        if !sids.insert(st.sid.as_str()) {
            find("Sid is used twice in the policy".into());
        }
        // The sample ARNs of each resource, once for all the actions, and
        // which resource types they fit, once for all the actions that
        // share a type.
        let mut resources: Vec<Samples> = st
            .resources
            .iter()
            .map(|r| Samples {
                arns: samples(r, cx)
                    .into_iter()
                    .map(|arn| {
                        let at = resource_start(&arn);
                        (arn, at)
                    })
                    .collect(),
                fits: Vec::new(),
            })
            .collect();
        for action in &st.actions {
            lint_action(st, &mut resources, action, &mut find);
        }
    }
}

/// A concrete ARN that stands for a resource pattern: the context filled in,
/// and every wildcard or policy variable replaced by a sample character, so
/// that an ARN template either matches it or cannot match the pattern at all.
///
/// A `*` may stand for several path segments (`image-version/name*` covers
/// `image-version/name/1`), so each pattern yields samples with one, two and
/// three segments per wildcard.
fn samples(resource: &Str, cx: &Context) -> Vec<String> {
    let mut arn = String::with_capacity(128);
    for p in &resource.0 {
        match p {
            Part::Lit(l) => push_sample_text(&mut arn, l),
            Part::Partition => arn.push_str(&cx.partition),
            Part::Account => arn.push_str(&cx.account),
            Part::Region => arn.push_str(&cx.region),
        }
    }
    if !arn.contains('*') {
        return vec![arn];
    }
    ["x", "x/x", "x/x/x"]
        .iter()
        .map(|fill| arn.replace('*', fill))
        .collect()
}

/// Literal text with each policy variable and each `?` replaced by `x`:
/// `home/${aws:username}/?` → `home/x/x`.
fn push_sample_text(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['$', '?']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('?') {
            out.push('x');
            rest = &rest[1..];
        } else if let (true, Some(j)) = (rest.starts_with("${"), rest.find('}')) {
            out.push('x');
            rest = &rest[j + 1..];
        } else {
            out.push('$');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

/// Whether a concrete ARN fits an ARN template such as
/// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. Variables match at
/// least one character; none crosses a `:`, and only the path-like ones
/// (object keys, log group and stream names, role names with path,
/// repositories) cross a `/`.
pub fn arn_fits(template: &str, arn: &str) -> bool {
    ArnTemplate::new(template).fits(arn)
}

/// An ARN template split into literal text and variables, for matching
/// many ARNs (the IAM data keeps one per resource type,
/// [`crate::iam_data::ResourceType::fits`]).
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
        const PATH_LIKE: &[&str] = &[
            "LogGroupName",
            "LogStreamName",
            "RoleNameWithPath",
            "RepositoryName",
            "Path",
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

    pub(crate) fn fits(&self, arn: &str) -> bool {
        self.fits_at(arn, resource_start(arn))
    }

    /// [`Self::fits`], for an ARN whose resource part starts at `resource`
    /// ([`resource_start`]).
    pub(crate) fn fits_at(&self, arn: &str, resource: Option<usize>) -> bool {
        if let Some(prefix) = &self.resource_prefix {
            let starts =
                resource.is_some_and(|i| arn.as_bytes()[i..].starts_with(prefix.as_bytes()));
            if !starts {
                return false;
            }
        }
        fits(&self.segments, arn.as_bytes())
    }
}

/// Where an ARN's resource part starts: after its fifth `:`
/// (`arn:partition:service:region:account:resource`).
pub(crate) fn resource_start(arn: &str) -> Option<usize> {
    split_arn(arn).map(|a| arn.len() - a.resource.len())
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
                for (i, b) in l.bytes().enumerate() {
                    if b == b':' {
                        colons += 1;
                        if colons == 5 {
                            let rest = &l[i + 1..];
                            return (!rest.is_empty()).then(|| rest.to_string());
                        }
                    }
                }
            }
        }
    }
    None
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
            // Byte by byte: literals are short and most differ early, where
            // a call to memcmp would cost more than the comparison.
            let l = l.as_bytes();
            text.len() >= l.len()
                && text.iter().zip(l).all(|(a, b)| a == b)
                && fits(rest, &text[l.len()..])
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
                (1..=run).any(|n| fits(rest, &text[n..]))
            }
        }
    }
}

/// A resource's sample ARNs (each with where its resource part starts),
/// and the resource types already tested on them.
struct Samples {
    arns: Vec<(String, Option<usize>)>,
    fits: Vec<(&'static iam_data::ResourceType, bool)>,
}

impl Samples {
    fn fit(&mut self, rt: &'static iam_data::ResourceType) -> bool {
        if let Some(&(_, fits)) = self.fits.iter().find(|(t, _)| std::ptr::eq(*t, rt)) {
            return fits;
        }
        let fits = self.arns.iter().any(|(arn, at)| rt.fits_at(arn, *at));
        self.fits.push((rt, fits));
        fits
    }
}

fn lint_action(
    st: &Statement,
    samples: &mut [Samples],
    action: &str,
    find: &mut impl FnMut(String),
) {
    if action.ends_with(":*") || action == "*" {
        find(format!("{action} grants a whole service"));
        return;
    }
    let Some((service, a)) = iam_data::data().action(action) else {
        find(format!("{action} is not an action in the IAM data"));
        return;
    };
    let star = st.resources.iter().any(|r| r.is_text("*"));
    let mut matched_types: Vec<&str> = Vec::new();
    if a.resource_types.is_empty() {
        if !(star && st.resources.len() == 1) {
            find(format!(
                "{action} has no resource types, so it takes only \"*\""
            ));
        }
    } else if star {
        if st.why.wildcard.is_none() {
            find(format!(
                "{action} is granted on \"*\" without a recorded reason"
            ));
        }
        matched_types.extend(a.resource_types.iter().map(|t| t.name.as_str()));
    } else {
        let types = a.defined_types(service);
        for (r, arns) in st.resources.iter().zip(samples) {
            let fits: Vec<&str> = types
                .iter()
                .filter(|(_, rt)| arns.fit(rt))
                .map(|(name, _)| *name)
                .collect();
            if fits.is_empty() {
                let types: Vec<&str> = a.resource_types.iter().map(|t| t.name.as_str()).collect();
                find(format!(
                    "{} is none of the resource types of {action} ({})",
                    r.symbolic(),
                    types.join(", ")
                ));
            }
            matched_types.extend(fits);
        }
    }
    for c in &st.conditions {
        lint_condition(
            service,
            a,
            action,
            &matched_types,
            &c.operator,
            &c.key,
            find,
        );
    }
    if action.eq_ignore_ascii_case("iam:PassRole") {
        if star || st.resources.iter().any(|r| r.has_char('*')) {
            find("iam:PassRole must name exact roles".into());
        }
        if !st.conditions.iter().any(|c| c.key == "iam:PassedToService") {
            find("iam:PassRole without an iam:PassedToService condition".into());
        }
    }
}

fn lint_condition(
    service: &Service,
    a: &Action,
    action: &str,
    types: &[&str],
    operator: &str,
    key: &str,
    find: &mut impl FnMut(String),
) {
    let data = iam_data::data();
    let Some(kind) = data.condition_key(key) else {
        find(format!("condition key {key} does not exist"));
        return;
    };
    let matches_key = |k: &String| k.eq_ignore_ascii_case(key) || template_key_fits(k, key);
    let applies = key.starts_with("aws:")
        || a.condition_keys.iter().any(matches_key)
        || a.resource_types
            .iter()
            .filter(|t| types.contains(&t.name.as_str()))
            .any(|t| t.condition_keys.iter().any(matches_key));
    if !applies {
        find(format!("condition key {key} does not apply to {action}"));
    }
    let _ = service;
    let base = operator
        .trim_start_matches("ForAllValues:")
        .trim_start_matches("ForAnyValue:");
    let set = operator.starts_with("ForAllValues:") || operator.starts_with("ForAnyValue:");
    if kind.starts_with("ArrayOf") && !set && base != "Null" {
        find(format!(
            "{key} is multivalued: test it with ForAllValues:/ForAnyValue: or Null, not {operator}"
        ));
    }
    if kind == "Bool" && base != "Bool" && base != "Null" {
        find(format!("{key} is a Bool key; {operator} does not test it"));
    }
    if base.starts_with("Arn") && !(kind == "ARN" || kind == "ArrayOfARN") {
        find(format!(
            "{key} is {kind}, not an ARN; {operator} does not test it"
        ));
    }
}

/// `aws:RequestTag/${TagKey}` fits `aws:RequestTag/team`.
fn template_key_fits(template: &str, key: &str) -> bool {
    match template.split_once("${") {
        Some((head, _)) => key.len() > head.len() && key[..head.len()].eq_ignore_ascii_case(head),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn log_groups_and_streams_are_told_apart() {
        let group = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
        let stream = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
        let g = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs";
        let s = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs:log-stream:t-trainx";
        assert!(arn_fits(group, g) && !arn_fits(group, s));
        assert!(arn_fits(stream, s) && !arn_fits(stream, g));
    }

    /// The samples of an S3 ARN with the partition from the context.
    fn s3_samples(resource: &str) -> Vec<String> {
        use crate::model::value::Ctx;
        let r = Str::arn("s3", Ctx::Empty, Ctx::Empty, resource);
        samples(&r, &Context::new("aws", "1", "r"))
    }

    #[test]
    fn samples_fill_context_wildcards_and_variables() {
        let s = s3_samples("b/home/${aws:username}/*");
        assert_eq!(s[0], "arn:aws:s3:::b/home/x/x");
        assert_eq!(s[1], "arn:aws:s3:::b/home/x/x/x");
    }

    #[test]
    fn samples_fill_question_marks_and_leave_unclosed_variables() {
        assert_eq!(
            s3_samples("b/${a?b}/c?d/$e/${open?"),
            vec!["arn:aws:s3:::b/x/cxd/$e/${openx"]
        );
    }

    #[test]
    fn tag_key_templates() {
        assert!(template_key_fits(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/team"
        ));
        assert!(!template_key_fits(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/"
        ));
    }
}
