//! Problems found in a spec, as data.
//!
//! A [`Diagnostic`] carries what went wrong (its [`Kind`]), where in the spec's
//! structure (`workload "train".inputs[1]`), where in the text (a byte [`Span`]),
//! and a hint. The library never prints: the CLI renders diagnostics, with
//! the source lines a span covers, or as JSON.

/// A half-open byte range into a spec's source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// A spec file as read: the name shown in messages and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it; shown in messages and output headers.
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The byte offset of a 1-based line and column (in characters), the
    /// inverse of [`Source::line_col`]; past the end, the text's length.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let mut start = 0;
        for (i, l) in self.text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let within: usize = l
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                return start + within;
            }
            start += l.len();
        }
        self.text.len()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a diagnostic reports; its name appears in messages
/// as `error[name]` so that users can search for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The text is not valid HCL, JSON or YAML.
    Syntax,
    /// An HCL expression that a spec cannot contain (references, functions,
    /// interpolation), or a YAML tag.
    Expression,
    /// A field or block the schema does not have.
    UnknownField,
    /// A required field is missing (the path names it), or an entry that a
    /// list needs (the path names the entry that needs it).
    MissingField,
    /// A value of the wrong type (a list where a string was expected, ...).
    Type,
    /// An `api` that the catalog does not know.
    UnknownApi,
    /// A field that the workload's API does not use.
    FieldNotForApi,
    /// A name that refers to nothing declared.
    UnknownReference,
    /// The same name declared twice.
    Duplicate,
    /// A malformed `s3://` URI.
    S3Uri,
    /// A malformed ARN.
    Arn,
    /// A malformed ECR image URI.
    ImageUri,
    /// A name that breaks IAM, SageMaker or sagerole naming rules.
    Name,
    /// A value outside what the field accepts.
    Value,
    /// Policies that IAM's quotas cannot hold.
    Quota,
    /// A warning: a trust policy without the confused-deputy conditions that
    /// sagerole writes by default, or with broader ones than asked for.
    BroadTrust,
    /// A warning: an AWS managed policy, broader than the workloads need.
    AwsManagedPolicy,
    /// A warning: a launcher reaches data through a shared role that it
    /// does not hold itself (launching a workload is acting as its role).
    SharedRoleReach,
    /// A warning: a workload gives up a pin sagerole writes by default
    /// (`opt_out`).
    OptOut,
    /// A warning: an S3 key prefix without its final `/`, which also
    /// covers every key that extends it (`models` covers `models-prod/`).
    OpenPrefix,
    /// A statement the spec declares (`statement` block) fails the lint
    /// every policy passes.
    DeclaredStatement,
    /// A warning: a declared statement grants `*` (`allow_wildcard`).
    DeclaredWildcard,
    /// A warning: a launcher passes several roles that one of its create
    /// calls cannot tell apart (nothing binds the call to one of them), so
    /// it may create that workload under any of them.
    IndistinctRoles,
    /// A warning: an `input` block that no value of the spec names.
    UnusedInput,
    /// The spec cannot be read (no such file, not UTF-8 text).
    Read,
    /// A policy that sagerole built fails its own lint: a bug in sagerole,
    /// not in the spec.
    Internal,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Syntax => "syntax",
            Kind::Expression => "expression",
            Kind::UnknownField => "unknown-field",
            Kind::MissingField => "missing-field",
            Kind::Type => "type",
            Kind::UnknownApi => "unknown-api",
            Kind::FieldNotForApi => "field-not-for-api",
            Kind::UnknownReference => "unknown-reference",
            Kind::Duplicate => "duplicate",
            Kind::S3Uri => "s3-uri",
            Kind::Arn => "arn",
            Kind::ImageUri => "image-uri",
            Kind::Name => "name",
            Kind::Value => "value",
            Kind::Quota => "quota",
            Kind::BroadTrust => "broad-trust",
            Kind::AwsManagedPolicy => "aws-managed-policy",
            Kind::SharedRoleReach => "shared-role-reach",
            Kind::OptOut => "opt-out",
            Kind::OpenPrefix => "open-prefix",
            Kind::DeclaredStatement => "declared-statement",
            Kind::DeclaredWildcard => "declared-wildcard",
            Kind::IndistinctRoles => "indistinct-roles",
            Kind::UnusedInput => "unused-input",
            Kind::Read => "read",
            Kind::Internal => "internal",
        }
    }
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// Where in the spec's structure, e.g. `workload "train".inputs[1]`; empty for the whole file.
    pub path: String,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(
        kind: Kind,
        path: impl Into<String>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            path: path.into(),
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(
        kind: Kind,
        path: impl Into<String>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, path, span, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Orders diagnostics by position so that a run reports them as they appear in the file.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.map(|s| s.start), &a.path, &a.message).cmp(&(
            b.span.map(|s| s.start),
            &b.path,
            &b.message,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_line_columns_are_inverse() {
        let s = Source::new("s", "ab\nçd é\n\nx");
        for offset in [0, 1, 3, 5, 6, 9, 10] {
            let (line, col) = s.line_col(offset);
            assert_eq!(s.offset(line, col), offset, "{offset} -> {line}:{col}");
        }
        assert_eq!(s.offset(9, 1), s.text.len());
    }
}
