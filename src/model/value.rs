//! Strings whose parts come from the deploying context.
//!
//! An ARN in a policy is built from literal text and values only known at
//! deploy time: the partition, account and region (never a literal `arn:aws`),
//! and the ARNs of roles the output itself creates. [`Str`] keeps those parts
//! apart so that each emitter renders them its own way (`${data.aws_partition
//! .current.partition}` in Terraform, `${AWS::Partition}` in a CloudFormation
//! `Fn::Sub`) and escapes only the literal parts, in one place per format.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Text to reach AWS exactly as written, including any IAM policy variable
    /// such as `${aws:username}`.
    Lit(String),
    /// The deploying partition: `aws`, `aws-cn`, `aws-us-gov`.
    Partition,
    /// The deploying account id.
    Account,
    /// The deploying region.
    Region,
}

/// A string made of literal and contextual [`Part`]s.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Str(pub Vec<Part>);

impl Str {
    pub fn lit(s: impl Into<String>) -> Self {
        Str(vec![Part::Lit(s.into())])
    }

    /// `arn:<partition>:<service>:<region>:<account>:<resource>`, with region and
    /// account taken from the deploying context where `None`.
    pub fn arn(service: &str, region: Ctx, account: Ctx, resource: &str) -> Self {
        let mut s = Str(Vec::with_capacity(6));
        s.push_lit("arn:");
        s.push(Part::Partition);
        s.push_lit(":");
        s.push_lit(service);
        s.push_lit(":");
        region.push_to(&mut s, Part::Region);
        s.push_lit(":");
        account.push_to(&mut s, Part::Account);
        s.push_lit(":");
        s.push_lit(resource);
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
        Str::arn(
            "iam",
            Ctx::Empty,
            Ctx::Deploying,
            &format!("role{path}{name}"),
        )
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

    /// The string with contextual parts written as symbols, for messages,
    /// comments and tests: `arn:${Partition}:s3:::bucket`.
    pub fn symbolic(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            match p {
                Part::Lit(s) => f.write_str(s)?,
                Part::Partition => f.write_str("${Partition}")?,
                Part::Account => f.write_str("${Account}")?,
                Part::Region => f.write_str("${Region}")?,
            }
        }
        Ok(())
    }
}

/// A region or account in an ARN: the deploying one, none (S3 and IAM ARNs
/// leave fields empty), or a fixed one from the spec (an image in another
/// account's registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ctx {
    Deploying,
    Empty,
    Fixed(String),
}

impl Ctx {
    fn push_to(&self, s: &mut Str, deploying: Part) {
        match self {
            Ctx::Deploying => s.push(deploying),
            Ctx::Empty => {}
            Ctx::Fixed(v) => s.push_lit(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_keeps_context_apart_from_literals() {
        let s = Str::arn("s3", Ctx::Empty, Ctx::Empty, "bucket/key*");
        assert_eq!(
            s.0,
            vec![
                Part::Lit("arn:".into()),
                Part::Partition,
                Part::Lit(":s3:::bucket/key*".into())
            ]
        );
        let r = Str::arn(
            "ecr",
            Ctx::Fixed("us-east-1".into()),
            Ctx::Deploying,
            "repository/x",
        );
        assert_eq!(
            r.symbolic(),
            "arn:${Partition}:ecr:us-east-1:${Account}:repository/x"
        );
    }

    #[test]
    fn text_tests_compare_without_building() {
        let split = Str(vec![Part::Lit("a".into()), Part::Lit("*".into())]);
        assert!(split.is_text("a*") && !split.is_text("a") && !split.is_text("a**"));
        assert!(Str::lit("*").is_text("*") && Str::default().is_text(""));
        let arn = Str::arn("s3", Ctx::Empty, Ctx::Empty, "b/*");
        assert!(
            !arn.is_text(&arn.symbolic()),
            "a contextual part is never text"
        );
        assert!(arn.has_char('*') && !arn.has_char('?'));
        assert!(!Str(vec![Part::Partition]).has_char('P'));
    }

    #[test]
    fn adjacent_literals_merge() {
        let mut s = Str::lit("a");
        s.push_lit("b");
        s.push_lit("");
        assert_eq!(s, Str::lit("ab"));
    }
}
