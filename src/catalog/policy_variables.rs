//! Which IAM policy variables a spec may write in a path or ARN.
//!
//! IAM replaces `${key}` in a policy with the value the request context holds
//! for `key` (IAM User Guide, "IAM policy elements: Variables and tags").
//! Only some of those values describe the principal; the rest come from the
//! request itself (`${s3:prefix}`, `${aws:RequestTag/...}`,
//! `${s3:RequestObjectTag/...}`), so in a resource they let whoever sends the
//! request choose what the grant covers. A spec may use only the variables
//! below, which the IAM User Guide's "AWS global condition context keys" lists
//! under "Properties of the principal", with a single value; everything else
//! is refused. This table is the one place that decides it.

/// What a `${...}` in a spec's path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    /// A property of the principal: the path may use it.
    Principal,
    /// `${*}`, `${?}` or `${$}`: IAM's way to write the literal character
    /// ("Specifying special characters"), which never widens a grant.
    Literal,
    /// A condition key AWS defines whose value is not the principal's: the
    /// request's, the resource's or the network's.
    NotPrincipal,
    /// `${key, 'default'}` (IAM's default values): refused, so that a
    /// principal without the value matches nothing rather than a default.
    WithDefault,
    /// No condition key AWS defines (a typo, or a Terraform expression
    /// written in a JSON or YAML spec).
    Unknown,
}

/// Principal-side global condition keys with one value, usable as policy
/// variables. A name ending in `/` takes any non-empty tag key after it.
/// Sorted; compared without regard to ASCII case, as IAM compares key names.
pub const PRINCIPAL: &[&str] = &[
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalTag/",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
];

/// The special characters IAM writes as variables.
pub const LITERALS: &[&str] = &["*", "?", "$"];

fn is_principal(name: &str) -> bool {
    PRINCIPAL.iter().any(|p| match p.strip_suffix('/') {
        Some(_) => {
            name.len() > p.len()
                && name.is_char_boundary(p.len())
                && name[..p.len()].eq_ignore_ascii_case(p)
        }
        None => name.eq_ignore_ascii_case(p),
    })
}

/// What the text between `${` and `}` names.
pub fn classify(inside: &str) -> Variable {
    if LITERALS.contains(&inside) {
        Variable::Literal
    } else if inside.contains(',') {
        Variable::WithDefault
    } else if is_principal(inside) {
        Variable::Principal
    } else if crate::iam_data::data().condition_key(inside).is_some() {
        Variable::NotPrincipal
    } else {
        Variable::Unknown
    }
}

/// The accepted variables as a reader writes them, for hints:
/// `${aws:username}`, ..., `${aws:PrincipalTag/KEY}`.
pub fn accepted() -> String {
    let names: Vec<String> = PRINCIPAL
        .iter()
        .map(|p| match p.strip_suffix('/') {
            Some(_) => format!("${{{p}KEY}}"),
            None => format!("${{{p}}}"),
        })
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_every_entry_is_a_single_valued_global_key() {
        for pair in PRINCIPAL.windows(2) {
            assert!(
                pair[0].to_ascii_lowercase() < pair[1].to_ascii_lowercase(),
                "{} before {}",
                pair[0],
                pair[1]
            );
        }
        for p in PRINCIPAL {
            let key = match p.strip_suffix('/') {
                Some(_) => format!("{p}team"),
                None => p.to_string(),
            };
            let info = crate::iam_data::data().condition_key(&key);
            let info = info.unwrap_or_else(|| panic!("{key} is not a global condition key"));
            assert!(!info.kind.starts_with("ArrayOf"), "{key} has many values");
            assert!(key.starts_with("aws:"), "{key} is not a global key");
        }
    }

    #[test]
    fn principal_variables_pass_and_request_ones_do_not() {
        for ok in [
            "aws:username",
            "aws:UserName",
            "aws:userid",
            "aws:PrincipalAccount",
            "aws:PrincipalTag/team",
        ] {
            assert_eq!(classify(ok), Variable::Principal, "{ok}");
        }
        for request in [
            "s3:prefix",
            "aws:RequestTag/team",
            "s3:RequestObjectTag/team",
            "aws:SourceIp",
            "sagemaker:UserProfileName",
            "aws:PrincipalOrgPaths",
        ] {
            assert_eq!(classify(request), Variable::NotPrincipal, "{request}");
        }
        for unknown in ["aws:usrname", "var.x", "aws:PrincipalTag/", "", "x"] {
            assert_eq!(classify(unknown), Variable::Unknown, "{unknown}");
        }
        assert_eq!(classify("*"), Variable::Literal);
        assert_eq!(
            classify("aws:PrincipalTag/team, 'all'"),
            Variable::WithDefault
        );
    }
}
