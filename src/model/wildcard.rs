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

/// Whether some text matches both IAM wildcard patterns: `b/train/*` and
/// `b/*/x` overlap (`b/train/x`), `b/a*` and `b/b*` do not. The lint asks it
/// of two statements' resources, where either side may hold wildcards.
pub fn overlap(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // reach[i][j]: the rests a[i..] and b[j..] can match one common text.
    // Filled from the ends backwards.
    let mut reach = vec![vec![false; b.len() + 1]; a.len() + 1];
    for i in (0..=a.len()).rev() {
        for j in (0..=b.len()).rev() {
            reach[i][j] = match (a.get(i), b.get(j)) {
                (None, None) => true,
                // A `*` matches nothing, or takes the other side's next
                // character (or its whole `*`, which then matches nothing).
                (Some('*'), _) => reach[i + 1][j] || (j < b.len() && reach[i][j + 1]),
                (_, Some('*')) => reach[i][j + 1] || (i < a.len() && reach[i + 1][j]),
                (Some(x), Some(y)) => (*x == '?' || *y == '?' || x == y) && reach[i + 1][j + 1],
                _ => false,
            };
        }
    }
    reach[0][0]
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

    #[test]
    fn overlaps_need_one_text_matching_both() {
        assert!(overlap("b/train/*", "b/*/x"));
        assert!(overlap("b/*", "b/train/x"));
        assert!(overlap("model/*", "model/acc-a-*"));
        assert!(overlap("a?c", "*b*"));
        assert!(overlap("*", ""));
        assert!(overlap("x*y", "x*y*"));
        assert!(!overlap("b/a*", "b/b*"));
        assert!(!overlap("model/acc-a-*", "model/acc-b"));
        assert!(!overlap("a?", "a"));
        assert!(!overlap("*a", "*b"));
        assert!(!overlap("abc", "abd"));
    }
}
