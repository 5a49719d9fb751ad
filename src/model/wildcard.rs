//! IAM's wildcards: `*` is any run of characters, `?` any one (IAM User
//! Guide, "IAM JSON policy elements: Resource", wildcards in ARNs). Review
//! documents (`diff`) and reach compare statements with it.

/// IAM wildcard match of `pattern` against `text` taken literally: `*` is
/// any run of characters, `?` any one.
pub fn glob(pattern: &str, text: &str) -> bool {
    if !has_wildcard(pattern) {
        return pattern == text;
    }
    // ARNs, actions and names are ASCII: compare their bytes without a copy
    // (the lint compares every pair of a policy's statements).
    if pattern.is_ascii() && text.is_ascii() {
        glob_in(pattern.as_bytes(), text.as_bytes(), b'*', b'?')
    } else {
        let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
        glob_in(&p, &t, '*', '?')
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Iterative matcher with backtracking to the last `*`.
fn glob_in<T: Copy + PartialEq>(p: &[T], t: &[T], any_run: T, any_one: T) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == any_one || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == any_run {
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
    p[pi..].iter().all(|c| *c == any_run)
}

/// Whether some text matches both IAM wildcard patterns: `b/train/*` and
/// `b/*/x` overlap (`b/train/x`), `b/a*` and `b/b*` do not. The lint asks it
/// of two statements' resources, where either side may hold wildcards.
pub fn overlap(a: &str, b: &str) -> bool {
    match (has_wildcard(a), has_wildcard(b)) {
        (false, false) => a == b,
        (true, false) => glob(a, b),
        (false, true) => glob(b, a),
        (true, true) if a.is_ascii() && b.is_ascii() => {
            overlap_in(a.as_bytes(), b.as_bytes(), b'*', b'?')
        }
        (true, true) => {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            overlap_in(&a, &b, '*', '?')
        }
    }
}

/// `overlap` of two patterns: reach(i, j) says whether the rests a[i..] and
/// b[j..] can match one common text, filled from the ends backwards one row
/// of `a` at a time.
fn overlap_in<T: Copy + PartialEq>(a: &[T], b: &[T], any_run: T, any_one: T) -> bool {
    // Row i + 1; all false before the first row (i = a.len()): past the
    // end of `a` nothing matches.
    let mut below = vec![false; b.len() + 1];
    let mut row = vec![false; b.len() + 1]; // row i
    for i in (0..=a.len()).rev() {
        for j in (0..=b.len()).rev() {
            row[j] = match (a.get(i), b.get(j)) {
                (None, None) => true,
                // A `*` matches nothing, or takes the other side's next
                // character (or its whole `*`, which then matches nothing).
                (Some(x), _) if *x == any_run => below[j] || (j < b.len() && row[j + 1]),
                (_, Some(y)) if *y == any_run => row[j + 1] || below[j],
                (Some(x), Some(y)) => (*x == any_one || *y == any_one || x == y) && below[j + 1],
                _ => false,
            };
        }
        std::mem::swap(&mut below, &mut row);
    }
    below[0]
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

    /// `?` stands for one character, also one of several bytes (a policy
    /// is Unicode text: IAM User Guide, "IAM JSON policy grammar").
    #[test]
    fn a_question_mark_is_one_character_of_any_width() {
        assert!(glob("a?c", "aéc"));
        assert!(glob("?", "é"));
        assert!(!glob("??", "é"));
        assert!(glob("é*", "éa"));
        assert!(overlap("a?c", "*é*"));
        assert!(overlap("a?c", "aé?"));
        assert!(!glob("a??", "aé"));
        assert!(overlap("??", "é?"));
    }
}
