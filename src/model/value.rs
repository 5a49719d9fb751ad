//! Strings whose parts come from the deploying context, and the one rule
//! that builds the ARNs sagerole writes.
//!
//! An ARN in a policy is built from literal text and values only known at
//! deploy time: the partition and account (never a literal `arn:aws`), and
//! the ARNs of roles the output itself creates. [`Str`] keeps those parts
//! apart so that each emitter renders them its own way (`${data.aws_partition
//! .current.partition}` in Terraform, `${AWS::Partition}` in a CloudFormation
//! `Fn::Sub`) and escapes only the literal parts, in one place per format.
//!
//! The region is no deploying value: IAM roles are global, and one role
//! serves jobs in every region of its account. The region of every ARN of a
//! regional resource comes from the spec's [`Regions`], the same for every
//! statement, so the output names no region of its own deployment.

use std::fmt;

use crate::catalog::input_kinds::InputKind;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Text to reach AWS exactly as written, including any IAM policy variable
    /// such as `${aws:username}`.
    Lit(String),
    /// The deploying partition: `aws`, `aws-cn`, `aws-us-gov`.
    Partition,
    /// The deploying account id.
    Account,
    /// A value the deployment passes in (a Terraform variable, a
    /// CloudFormation parameter), known only when it is deployed. Boxed, as
    /// it is rare and large: a part is then 24 bytes, not 40, in the
    /// millions of parts of a large spec's ARNs.
    Input(Box<Input>),
}

/// A value the output takes as an input of its deployment. Each emitter
/// names it its own way (`var.studio_domain_id`, `StudioDomainIdStudio`);
/// [`Input::name`] is the name people see (`explain`, `diff`,
/// `render --input`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// The id of the existing Studio domain that the output creates the
    /// user profiles and spaces of this CreateDomain workload in (spec
    /// `associate = true`).
    StudioDomainId(String),
    /// The name of the existing IAM role that the role of this key is
    /// (spec `existing = true`): the output attaches the role's policies to
    /// it and creates no role.
    ExistingRole(String),
    /// An `input "NAME"` block of the spec, of its kind, whose values
    /// have at most `max_length` characters: the kind's maximum, or less
    /// where the block lowers it.
    Declared {
        name: String,
        kind: InputKind,
        max_length: usize,
    },
}

/// An `input` block as the model keeps it: what the variable and the
/// parameter say besides the kind's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredInput {
    pub name: String,
    pub kind: InputKind,
    /// As written, or the kind's description.
    pub description: String,
    pub default: Option<String>,
    /// The kind's maximum length, or the lower one the block sets
    /// (`max_length`, for a name prefix that leaves room for longer names).
    pub max_length: usize,
}

impl DeclaredInput {
    pub fn input(&self) -> Input {
        Input::Declared {
            name: self.name.clone(),
            kind: self.kind,
            max_length: self.max_length,
        }
    }
}

impl Input {
    /// The input's name: the Terraform variable's, `studio_domain_id`.
    pub fn name(&self) -> String {
        match self {
            Input::StudioDomainId(domain) => super::names::terraform::domain_id(domain),
            Input::ExistingRole(key) => super::names::terraform::role_name(key),
            Input::Declared { name, .. } => name.clone(),
        }
    }

    pub fn kind(&self) -> InputKind {
        match self {
            Input::StudioDomainId(_) => InputKind::StudioDomainId,
            Input::ExistingRole(_) => InputKind::IamRoleName,
            Input::Declared { kind, .. } => *kind,
        }
    }

    /// What the input is, for messages.
    pub fn describe(&self) -> String {
        match self {
            Input::StudioDomainId(domain) => format!(
                "the id of the existing Studio domain {domain:?} (associate = true), which its profiles' and spaces' ARNs name"
            ),
            Input::ExistingRole(key) => format!(
                "the name of the existing IAM role that role {key:?} is (existing = true)"
            ),
            Input::Declared { name, kind, .. } => {
                format!("input {name:?}, {}", kind.facts().what)
            }
        }
    }

    /// What an existing role's input is for, in the variable's and the
    /// parameter's description: the role must be at the spec's `path`, as
    /// the ARNs the policies name are built with it.
    pub fn existing_role_description(key: &str, path: &str) -> String {
        format!(
            "Name of the existing IAM role, at path {path}, that role {key:?} of the spec is: the policies are attached to it; its trust policy, permissions boundary and tags are its owner's (the README gives the trust policy it needs)."
        )
    }

    /// The pattern every value matches, anchored ([`InputKind`]'s table:
    /// a domain id is `d-(-*[a-z0-9]){1,61}`).
    pub fn pattern(&self) -> &'static str {
        self.kind().facts().pattern
    }

    /// The most characters a value has: a domain id 63, a name prefix 32
    /// or the lower `max_length` of its block.
    pub fn max_length(&self) -> usize {
        match self {
            Input::StudioDomainId(_) | Input::ExistingRole(_) => self.kind().facts().max_length,
            Input::Declared { max_length, .. } => *max_length,
        }
    }

    /// The longest value the input can take, to size documents with: a
    /// domain id has at most 63 characters. An input whose block lowers its
    /// maximum length takes the start of its kind's longest value (only a
    /// name prefix may, whose longest value is letters alone).
    pub fn longest(&self) -> String {
        self.kind().facts().longest[..self.max_length()].into()
    }

    /// A value of the usual shape, for checks that need one: `d-` and 12
    /// characters, as the domains SageMaker creates have.
    pub fn sample(&self) -> String {
        self.kind().facts().sample.into()
    }

    /// Whether `value` is one the input can take.
    pub fn accepts(&self, value: &str) -> bool {
        self.kind().accepts(value) && value.chars().count() <= self.max_length()
    }
}

/// A string made of literal and contextual [`Part`]s.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Str(pub Vec<Part>);

impl Str {
    pub fn lit(s: impl Into<String>) -> Self {
        Str(vec![Part::Lit(s.into())])
    }

    /// `arn:<partition>:<service>:<region>:<account>:<resource>` in the
    /// deploying partition, with the region as written (empty for S3 and IAM,
    /// one the spec names, or `*`) and the account from the context.
    /// Regional resources of the spec's own account are built with
    /// [`Regions::arns`], which applies the spec's regions.
    pub fn arn(service: &str, region: &str, account: Ctx, resource: &str) -> Self {
        Str::arn_parts(service, region, account, resource, &[])
    }

    /// [`Str::arn`] of a resource part that holds contextual parts itself
    /// (an [`Input`]).
    pub fn arn_of(service: &str, region: &str, account: Ctx, resource: &Str) -> Self {
        match resource.0.split_first() {
            Some((Part::Lit(first), rest)) => Str::arn_parts(service, region, account, first, rest),
            _ => Str::arn_parts(service, region, account, "", &resource.0),
        }
    }

    /// The ARN whose resource is `first` and then `rest`, its literal text
    /// written into as few strings as it takes, each allocated once: policies
    /// hold hundreds of thousands of ARNs, and growing each piece by piece
    /// cost several reallocations an ARN.
    fn arn_parts(service: &str, region: &str, account: Ctx, first: &str, rest: &[Part]) -> Self {
        let mut parts = Vec::with_capacity(5 + rest.len());
        parts.push(Part::Lit("arn:".to_string()));
        parts.push(Part::Partition);
        let fixed = match &account {
            Ctx::Fixed(a) => a.len(),
            Ctx::Deploying | Ctx::Empty => 0,
        };
        let mut text =
            String::with_capacity(service.len() + region.len() + fixed + 4 + first.len());
        for piece in [":", service, ":", region, ":"] {
            text.push_str(piece);
        }
        match account {
            Ctx::Deploying => {
                parts.push(Part::Lit(text));
                parts.push(Part::Account);
                text = String::with_capacity(1 + first.len());
            }
            Ctx::Empty => {}
            Ctx::Fixed(a) => text.push_str(&a),
        }
        text.push(':');
        text.push_str(first);
        parts.push(Part::Lit(text));
        let mut s = Str(parts);
        for p in rest {
            s.push(p.clone());
        }
        s
    }

    pub fn push(&mut self, part: Part) {
        match (self.0.last_mut(), part) {
            (Some(Part::Lit(a)), Part::Lit(b)) => a.push_str(&b),
            (_, Part::Lit(b)) if b.is_empty() => {}
            (_, part) => self.0.push(part),
        }
    }

    pub fn push_lit(&mut self, s: &str) {
        match self.0.last_mut() {
            Some(Part::Lit(a)) => a.push_str(s),
            _ if s.is_empty() => {}
            _ => self.0.push(Part::Lit(s.to_string())),
        }
    }

    /// The ARN of a role in the deploying account, built from its path and name
    /// as IAM builds it (Service Authorization Reference:
    /// `role/${RoleNameWithPath}`). Built, not referenced, so that a role's own
    /// policy can name it without a dependency cycle in CloudFormation.
    pub fn role_arn(path: &str, name: &str) -> Self {
        Str::arn("iam", "", Ctx::Deploying, &format!("role{path}{name}"))
    }

    /// [`Str::role_arn`] of a role whose name is an input: an existing
    /// role at `path`.
    pub fn existing_role_arn(path: &str, name: &Input) -> Self {
        let mut s = Str::role_arn(path, "");
        s.push(Part::Input(Box::new(name.clone())));
        s
    }

    /// Whether the string is exactly this literal text, compared without
    /// building it.
    pub fn is_text(&self, text: &str) -> bool {
        let mut rest = text;
        for p in &self.0 {
            let Part::Lit(l) = p else {
                return false;
            };
            let Some(after) = rest.strip_prefix(l.as_str()) else {
                return false;
            };
            rest = after;
        }
        rest.is_empty()
    }

    /// Whether any literal part holds this character (contextual parts hold
    /// none of `*`, `?`, `$`).
    pub fn has_char(&self, c: char) -> bool {
        self.0
            .iter()
            .any(|p| matches!(p, Part::Lit(l) if l.contains(c)))
    }

    /// Whether every part is literal text.
    pub fn is_literal(&self) -> bool {
        self.0.iter().all(|p| matches!(p, Part::Lit(_)))
    }

    /// The room to reserve for what [`Str::symbolic`] writes: its length
    /// when it is all literal, an estimate otherwise (every other part counts
    /// as `${Partition}`, and a longer one grows the text). The lint writes
    /// every resource of every policy this way and the covered-grant merge
    /// reads each so; growing the text step by step cost more than
    /// writing it.
    pub fn symbolic_size(&self) -> usize {
        self.0
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.len(),
                _ => "${Partition}".len(),
            })
            .sum()
    }

    /// The string with contextual parts written as symbols, for messages,
    /// comments and tests: `arn:${Partition}:s3:::bucket`.
    pub fn symbolic(&self) -> String {
        use fmt::Write;
        let mut text = String::with_capacity(self.symbolic_size());
        for p in &self.0 {
            match p.fixed_symbol() {
                // Fixed text as it is, without formatting's machinery.
                Some(symbol) => text.push_str(symbol),
                None => write!(text, "{p}").expect("writing to a String cannot fail"),
            }
        }
        text
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|p| fmt::Display::fmt(p, f))
    }
}

impl Part {
    /// The part as [`Str::symbolic`] writes it, unless it is an input,
    /// whose symbol holds its name.
    fn fixed_symbol(&self) -> Option<&str> {
        match self {
            Part::Lit(s) => Some(s),
            Part::Partition => Some("${Partition}"),
            Part::Account => Some("${Account}"),
            Part::Input(_) => None,
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.fixed_symbol()) {
            (Part::Input(i), _) => write!(f, "${{{}}}", i.name()),
            (_, symbol) => f.write_str(symbol.unwrap_or_default()),
        }
    }
}

/// The account in an ARN: the deploying one, none (S3 ARNs leave the field
/// empty), or a fixed one from the spec (an image in another account's
/// registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ctx {
    Deploying,
    Empty,
    Fixed(String),
}

/// The regions whose resources the roles reach (spec `regions`): every
/// region of the account by default, or the regions listed.
///
/// IAM roles are global (AWS::IAM::Role is one of the global IAM resource
/// types in the AWS Config Developer Guide; the IAM console shows IAM as
/// "Global"), and a role serves a job in any region of its account; an ARN
/// with the deploying region would refuse the same job in a second region. Every ARN sagerole builds for a resource of the
/// spec's account in a regional service (SageMaker resources, log groups,
/// queues, alarms, Glue tables, a KMS key named by its bare id, and trust's
/// `aws:SourceArn`) gets its region here. ARNs the spec writes out (a KMS
/// key ARN, an SNS topic, a Lambda function, an ECR image's registry) keep
/// the region written in them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Regions {
    /// Every region of the account: `*` in the region field, which matches
    /// any region and nothing across fields (IAM User Guide, "IAM JSON policy
    /// elements: Resource" and "Condition operators": each of an ARN's six
    /// colon-delimited fields is matched separately).
    #[default]
    Every,
    /// These regions only, sorted and without repeats: one ARN per region
    /// rather than a wildcard, so that the grant names exactly them.
    Listed(Vec<String>),
}

impl Regions {
    /// The ARNs of a resource of the deploying account in a regional
    /// service, one for each of the regions.
    pub fn arns(&self, service: &str, resource: &str) -> Vec<Str> {
        self.each(|region| Str::arn(service, region, Ctx::Deploying, resource))
    }

    /// [`Regions::arns`] of a resource part with contextual parts.
    pub fn arns_of(&self, service: &str, resource: &Str) -> Vec<Str> {
        self.each(|region| Str::arn_of(service, region, Ctx::Deploying, resource))
    }

    /// `arn` of each region field of a regional ARN: `*`, or each listed
    /// region. Without a list of the fields first: policy building asks
    /// it for nearly every ARN it writes.
    fn each(&self, arn: impl Fn(&str) -> Str) -> Vec<Str> {
        match self {
            Regions::Every => vec![arn("*")],
            Regions::Listed(r) => r.iter().map(|region| arn(region)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_keeps_context_apart_from_literals() {
        let s = Str::arn("s3", "", Ctx::Empty, "bucket/key*");
        assert_eq!(
            s.0,
            vec![
                Part::Lit("arn:".into()),
                Part::Partition,
                Part::Lit(":s3:::bucket/key*".into())
            ]
        );
        let r = Str::arn("ecr", "us-east-1", Ctx::Deploying, "repository/x");
        assert_eq!(
            r.symbolic(),
            "arn:${Partition}:ecr:us-east-1:${Account}:repository/x"
        );
    }

    /// Every region is `*` in the region field; listed regions are one
    /// ARN each, in the order given (sorted by the spec's reader).
    #[test]
    fn regional_arns_name_the_spec_regions() {
        let every: Vec<String> = Regions::Every
            .arns("logs", "log-group:/g:*")
            .iter()
            .map(Str::symbolic)
            .collect();
        assert_eq!(every, ["arn:${Partition}:logs:*:${Account}:log-group:/g:*"]);
        let listed = Regions::Listed(vec!["eu-west-1".into(), "us-east-1".into()]);
        let arns: Vec<String> = listed
            .arns("sagemaker", "training-job/t*")
            .iter()
            .map(Str::symbolic)
            .collect();
        assert_eq!(
            arns,
            [
                "arn:${Partition}:sagemaker:eu-west-1:${Account}:training-job/t*",
                "arn:${Partition}:sagemaker:us-east-1:${Account}:training-job/t*"
            ]
        );
    }

    #[test]
    fn text_tests_compare_without_building() {
        let split = Str(vec![Part::Lit("a".into()), Part::Lit("*".into())]);
        assert!(split.is_text("a*") && !split.is_text("a") && !split.is_text("a**"));
        assert!(Str::lit("*").is_text("*") && Str::default().is_text(""));
        let arn = Str::arn("s3", "", Ctx::Empty, "b/*");
        assert!(
            !arn.is_text(&arn.symbolic()),
            "a contextual part is never text"
        );
        assert!(arn.has_char('*') && !arn.has_char('?'));
        assert!(!Str(vec![Part::Partition]).has_char('P'));
    }

    /// A domain id is `d-(-*[a-z0-9]){1,61}`, at most 63 characters
    /// (SageMaker API Reference, CreateUserProfile, DomainId): the longest
    /// and the sample value are ids, and nothing else is.
    #[test]
    fn a_domain_id_input_takes_domain_ids_only() {
        let input = Input::StudioDomainId("studio".into());
        assert_eq!(input.name(), "studio_domain_id");
        assert_eq!(input.longest().len(), 63);
        assert!(input.accepts(&input.longest()) && input.accepts(&input.sample()));
        assert!(input.accepts("d-a1b2c3d4e5f6") && input.accepts("d-a--b"));
        for bad in [
            "",
            "d-",
            "D-abc",
            "d-abc/x",
            "x-abc",
            "d-*",
            &format!("{}x", input.longest()),
        ] {
            assert!(!input.accepts(bad), "{bad}");
        }
        let mut s = Str::lit("space/");
        s.push(Part::Input(Box::new(input)));
        s.push_lit("/x");
        assert_eq!(s.symbolic(), "space/${studio_domain_id}/x");
        assert!(!s.is_literal());
    }

    #[test]
    fn adjacent_literals_merge() {
        let mut s = Str::lit("a");
        s.push_lit("b");
        s.push_lit("");
        assert_eq!(s, Str::lit("ab"));
    }
}
