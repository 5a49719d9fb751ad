//! The IAM condition operators a declared statement may test with.
//!
//! IAM User Guide, "IAM JSON policy elements: Condition operators": the
//! string, numeric, date, Boolean, binary, IP address and ARN operators,
//! `Null`; every one but `Null` also as `...IfExists`; and the set
//! qualifiers `ForAllValues:` and `ForAnyValue:` before any of them. An
//! operator IAM does not know makes it refuse the policy, so the spec is
//! refused first, at the operator.

/// The base operators, sorted.
pub const OPERATORS: &[&str] = &[
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "BinaryEquals",
    "Bool",
    "DateEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateNotEquals",
    "IpAddress",
    "NotIpAddress",
    "Null",
    "NumericEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericNotEquals",
    "StringEquals",
    "StringEqualsIgnoreCase",
    "StringLike",
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
];

/// Whether IAM knows `operator`: a base operator, maybe with `IfExists`
/// (not `Null`) and a set qualifier. Operator names are case-sensitive.
pub fn is_operator(operator: &str) -> bool {
    let base = operator
        .strip_prefix("ForAllValues:")
        .or_else(|| operator.strip_prefix("ForAnyValue:"))
        .unwrap_or(operator);
    let base = match base.strip_suffix("IfExists") {
        Some("Null") => return false,
        Some(b) => b,
        None => base,
    };
    OPERATORS.binary_search(&base).is_ok()
}

/// Every name [`is_operator`] accepts, for suggestions.
pub fn all() -> Vec<String> {
    let mut out = Vec::new();
    for q in ["", "ForAllValues:", "ForAnyValue:"] {
        for o in OPERATORS {
            out.push(format!("{q}{o}"));
            if *o != "Null" {
                out.push(format!("{q}{o}IfExists"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_unique() {
        assert!(OPERATORS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn qualified_and_if_exists_forms_are_operators() {
        for ok in [
            "StringEquals",
            "StringLikeIfExists",
            "ForAllValues:StringEquals",
            "ForAnyValue:ArnLikeIfExists",
            "Null",
        ] {
            assert!(is_operator(ok), "{ok}");
        }
        for bad in [
            "StringEqual",
            "stringequals",
            "NullIfExists",
            "ForAllValues:",
            "ForEachValue:StringEquals",
            "",
        ] {
            assert!(!is_operator(bad), "{bad}");
        }
        assert!(all().iter().all(|o| is_operator(o)));
    }
}
