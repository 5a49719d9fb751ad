//! The six fields of any text shaped like an ARN
//! (`arn:partition:service:region:account:resource`), split without judging
//! them.
//!
//! The spec's ARNs (whose fields `model::resource` checks), the matching of
//! ARNs against the IAM data's templates, and the review documents all start
//! from this split. It imports nothing, so that each of them can use it, and
//! holds no AWS knowledge beyond the ARN's shape.

/// The parts of an ARN: `arn:partition:service:region:account:resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl Arn<'_> {
    /// Where the resource part starts in `arn`, the text this was split from.
    pub(crate) fn resource_at(&self, arn: &str) -> usize {
        arn.len() - self.resource.len()
    }
}

/// The six fields of any text shaped like an ARN, without checking them:
/// generated ARNs may hold symbols (`${Partition}`) or wildcards. The
/// resource, the last field, may itself hold `:`.
pub fn split_arn(s: &str) -> Option<Arn<'_>> {
    // The first five `:` by a byte scan (`:` is ASCII, so every cut falls
    // between characters); the self-lint splits every sample ARN of every
    // statement, so this runs hundreds of thousands of times on large specs.
    let mut colons = [0; 5];
    let mut found = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b == b':' {
            colons[found] = i;
            found += 1;
            if found == colons.len() {
                break;
            }
        }
    }
    if found < colons.len() || &s[..colons[0]] != "arn" {
        return None;
    }
    let field = |n: usize| &s[colons[n - 1] + 1..colons[n]];
    Some(Arn {
        partition: field(1),
        service: field(2),
        region: field(3),
        account: field(4),
        resource: &s[colons[4] + 1..],
    })
}

/// Where an ARN's resource part starts: after its fifth `:`.
pub(crate) fn resource_start(arn: &str) -> Option<usize> {
    split_arn(arn).map(|a| a.resource_at(arn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resource_keeps_its_colons() {
        let arn = "arn:aws:logs:us-east-1:111122223333:log-group:/x:log-stream:y";
        let a = split_arn(arn).unwrap();
        assert_eq!(
            (a.partition, a.service, a.region, a.account),
            ("aws", "logs", "us-east-1", "111122223333")
        );
        assert_eq!(a.resource, "log-group:/x:log-stream:y");
        assert_eq!(resource_start(arn), Some(arn.len() - a.resource.len()));
        assert_eq!(split_arn("arn:aws:s3:::b").unwrap().resource, "b");
    }

    #[test]
    fn text_without_five_colons_or_the_arn_prefix_is_no_arn() {
        assert_eq!(split_arn("arn:aws:s3::"), None);
        assert_eq!(split_arn("urn:aws:s3:::b"), None);
        assert_eq!(split_arn(""), None);
        assert_eq!(resource_start("s3://b/k"), None);
    }
}
