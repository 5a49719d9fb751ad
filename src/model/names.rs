//! Identifiers derived from spec names: the model's IAM `Sid`s, and the
//! emitters' CloudFormation logical ids and Terraform names. It sits in the
//! model, below the emitters, so that both can use it.
//!
//! Spec names are lowercase letters, digits and single hyphens (checked in
//! [`crate::model`]), so these mappings cannot produce invalid identifiers.

/// The name AWS knows something the spec names by: `<name_prefix>-<name>`.
/// Roles, jobs, models, endpoints and Studio user profiles and spaces are
/// all named so, and grants are scoped to these names (`<name>*` for the
/// resources a workload creates).
pub fn aws_name(name_prefix: &str, name: &str) -> String {
    let mut out = String::with_capacity(name_prefix.len() + 1 + name.len());
    out.push_str(name_prefix);
    out.push('-');
    out.push_str(name);
    out
}

/// `churn-exec` → `ChurnExec`: CloudFormation logical ids and IAM `Sid`s
/// (`[A-Za-z0-9]`).
pub fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `churn-exec` → `churn_exec`: Terraform resource names and map keys.
pub fn snake(name: &str) -> String {
    name.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_and_snake() {
        assert_eq!(pascal("churn-exec"), "ChurnExec");
        assert_eq!(pascal("a1-b2"), "A1B2");
        assert_eq!(pascal("churn.data-v2"), "ChurnDataV2");
        assert_eq!(snake("churn-exec"), "churn_exec");
    }

    #[test]
    fn aws_names_join_the_prefix_and_the_name_with_a_hyphen() {
        assert_eq!(aws_name("ml", "churn-train"), "ml-churn-train");
    }
}
