//! IAM's wildcards: `*` is any run of characters, `?` any one (IAM User
//! Guide, "IAM JSON policy elements: Resource", wildcards in ARNs). Review
//! documents (`diff`) and reach compare statements with it.

/// IAM wildcard match of `pattern` against `text` taken literally: `*` is
/// any run of characters, `?` any one.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Iterative matcher with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_follow_iam_wildcards() {
        assert!(glob("arn:s3:::b/*", "arn:s3:::b/train/*"));
        assert!(glob("*", ""));
        assert!(glob("a?c", "abc"));
        assert!(!glob("arn:s3:::b/train/*", "arn:s3:::b/*"));
        assert!(glob("s3:Get*", "s3:GetObject"));
        assert!(!glob("abc", "abcd"));
        // A leading `*` takes any run, and gives characters back to what
        // follows it: `?` may match a `*` of the text (a pattern compared
        // with a pattern).
        assert!(glob("*", "training-job/t*"));
        assert!(glob("*?b", "x*b"));
        assert!(!glob("*?b", "b"));
    }
}
