//! IAM's wildcards: `*` is any run of characters, `?` any one (IAM User
//! Guide, "IAM JSON policy elements: Resource", wildcards in ARNs). Review
//! documents (`diff`) and reach compare statements with it.

/// IAM wildcard match of `pattern` against `text` taken literally: `*` is
/// any run of characters, `?` any one.
pub fn glob(pattern: &str, text: &str) -> bool {
    matches(pattern, Form::of(pattern), text)
}

/// An IAM wildcard pattern read once, for matching against many texts: the
/// covered-grant merge matches each resource of a policy against the others
/// (4 million times at 10,000 workloads), and finding each pattern's
/// wildcards again on every call took more than half of the matching.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    form: Form,
    /// The bytes of the text, as a set of their low six bits: bytes that
    /// share their bit (a digit and a lower-case letter from `p`, any byte
    /// past ASCII and an ASCII one) make the set coarser, never wrong, as a
    /// test of what a text must hold; the digits are told apart by
    /// [`Pattern::counts`].
    bytes: u64,
    /// The bytes of the text other than its wildcards, which every text it
    /// matches holds, as a set.
    literal_bytes: u64,
    /// How many bytes of the text are not `*`: no shorter text matches it.
    shortest_match: usize,
    /// How many of each counted byte ([`CLASS`]: the digits, and the punctuation
    /// that parts an ARN's fields and a name's words) the text holds, one
    /// byte for each (at most 127). Such a byte is never a wildcard, so
    /// every text the pattern matches holds each at least as often:
    /// `…/bench-w00012-*` does not match `…/bench-w00011-*`, which has its
    /// digits but one `1` less, nor `…/bench-w00012/*`, which has one `-`
    /// less.
    counts: u128,
}

/// Whether each count of `within` is at least that of `counts` (both
/// [`Pattern::counts`]): with the high bit of each byte of `within` set, a
/// byte's subtraction keeps it exactly when the count is not smaller, and
/// never borrows from the next byte.
fn counts_within(counts: u128, within: u128) -> bool {
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    ((within | HIGH) - counts) & HIGH == HIGH
}

/// What each byte is to [`Pattern::new`]: its place in
/// [`Pattern::counts`] (0 to 15) for a digit or a byte that parts an
/// ARN's fields or a name's words (`-`, `.`, `/`, `:`, `_`); [`STAR`] or
/// [`ANY_ONE`] for a wildcard; [`OTHER`] for the rest. Looked up once a
/// byte: testing each byte for each class cost more than the lookup.
const CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut digit = 0;
    while digit < 10 {
        class[(b'0' + digit) as usize] = digit;
        digit += 1;
    }
    class[b'-' as usize] = 10;
    class[b'.' as usize] = 11;
    class[b'/' as usize] = 12;
    class[b':' as usize] = 13;
    class[b'_' as usize] = 14;
    class[b'*' as usize] = STAR;
    class[b'?' as usize] = ANY_ONE;
    class
};
const STAR: u8 = 16;
const ANY_ONE: u8 = 17;
const OTHER: u8 = 18;

/// Whether a byte is one that [`Pattern::counts`] counts.
#[cfg(test)]
fn counted(b: u8) -> bool {
    CLASS[usize::from(b)] < STAR
}

/// A pattern's text, written piece by piece and read as it is written:
/// its bytes and counts ([`Pattern::new`]). The covered-grant merge writes
/// every resource of a policy this way, each ARN's symbols (the partition's
/// and the account's, a third of its bytes) from a piece read once, rather
/// than writing the text whole and then reading all of it (which cost 1.4
/// million instructions more at 1,000 workloads).
#[derive(Debug, Clone, Default)]
pub struct PatternText {
    text: String,
    bytes: u64,
    /// One count a class of [`CLASS`] (fewer than 32), by its place.
    classes: [u32; 32],
}

impl PatternText {
    pub fn with_capacity(capacity: usize) -> Self {
        PatternText {
            text: String::with_capacity(capacity),
            ..PatternText::default()
        }
    }

    /// Each byte adds one to the count of its class, wide enough never to
    /// saturate, and sets its bit, without a branch: deciding per byte
    /// whether it is counted, a wildcard or neither cost half the pass (16
    /// million instructions at 1,000 workloads).
    fn read(&mut self, piece: &str) {
        for b in piece.bytes() {
            self.bytes |= 1 << (b % 64);
            self.classes[usize::from(CLASS[usize::from(b)]) % 32] += 1;
        }
    }

    pub fn push_str(&mut self, piece: &str) {
        self.text.push_str(piece);
        self.read(piece);
    }

    /// Appends a piece read before.
    pub fn push_text(&mut self, piece: &PatternText) {
        self.text.push_str(&piece.text);
        self.bytes |= piece.bytes;
        for (n, m) in self.classes.iter_mut().zip(&piece.classes) {
            *n += m;
        }
    }

    pub fn into_pattern(self) -> Pattern {
        Pattern::of_read(self)
    }
}

impl Pattern {
    /// Reads the text in one pass: its wildcards, bytes and counts. The
    /// covered-grant merge reads every resource of every policy so
    /// ([`PatternText`]), and four passes over each (one per field) cost
    /// more than the matching.
    pub fn new(text: String) -> Self {
        let mut read = PatternText::default();
        read.read(&text);
        read.text = text;
        Pattern::of_read(read)
    }

    /// Where the first and last `*` are is looked up only in a text that
    /// holds one.
    fn of_read(read: PatternText) -> Self {
        let PatternText {
            text,
            bytes,
            classes,
        } = read;
        let stars = classes[usize::from(STAR)] as usize;
        // The first and last `*` by a plain byte search: `str::find` of a
        // char sets up a searcher that cost more than the search (50
        // million instructions at 10,000 workloads). The first is mostly
        // the region field's, near the start; a text with one `*` has no
        // other to look for, and the last of one with more mostly ends it.
        let form = if classes[usize::from(ANY_ONE)] > 0 {
            Form::AnyOne
        } else if stars == 0 {
            Form::Literal
        } else {
            let star = |b: &u8| *b == b'*';
            let first = text.bytes().position(|b| star(&b));
            let first = first.expect("a star was counted");
            let last = if stars == 1 {
                first
            } else {
                let last = text.as_bytes().iter().rposition(star);
                last.expect("a star was counted")
            };
            Form::Stars(first, last)
        };
        let mut counts = [0u8; 16];
        for (count, &n) in counts.iter_mut().zip(&classes) {
            *count = n.min(0x7F) as u8;
        }
        // Every `*` and `?` of a pattern is a wildcard. Clearing their bits
        // also clears those of the bytes that share them, which makes the
        // set coarser, never wrong. Both are below 64, their own bits.
        let literal_bytes = bytes & !(1 << b'*' | 1 << b'?');
        Pattern {
            shortest_match: text.len() - stars,
            counts: u128::from_le_bytes(counts),
            text,
            form,
            bytes,
            literal_bytes,
        }
    }

    /// [`Pattern::matches`] of the text of `other`, taken literally. Most
    /// pairs that the covered-grant merge compares do not match, and most
    /// of those are told by their lengths and bytes alone, without reading
    /// the texts: `…/bench-w00003-*` does not match `…/bench-w00001-*`,
    /// which has no `3`.
    pub fn matches_text_of(&self, other: &Pattern) -> bool {
        self.sieve().admits(other) && self.matches(&other.text)
    }

    /// What every text the pattern matches holds ([`Sieve`]).
    pub fn sieve(&self) -> Sieve {
        Sieve {
            shortest_match: self.shortest_match,
            // Only the text itself matches a pattern without wildcards.
            longest_match: match self.form {
                Form::Literal => self.text.len(),
                Form::Stars(..) | Form::AnyOne => usize::MAX,
            },
            literal_bytes: self.literal_bytes,
            counts: self.counts,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the pattern holds a `?`.
    pub fn has_any_one(&self) -> bool {
        matches!(self.form, Form::AnyOne)
    }

    /// [`glob`] of this pattern against `text`.
    pub fn matches(&self, text: &str) -> bool {
        matches(&self.text, self.form, text)
    }
}

/// What every text a pattern matches holds, tested without reading the
/// texts: at least its shortest match's length (and for a pattern without
/// wildcards, at most its own: a `?` may match a character of several
/// bytes), its literal bytes, and at least as many of each
/// counted byte. The covered-grant merge tests each resource of a policy
/// against the others of its statement (2.3 million pairs at 10,000
/// workloads, in the statements that tag on create and read log streams),
/// nearly all of which a sieve turns away; kept apart from the patterns'
/// texts, the sieves of a statement are read in one short run of memory.
///
/// The sieve of a list ([`Sieve::floor`]) is what a text that any of its
/// patterns matches holds: the merge looks for a resource's keeper in every
/// statement that may cover it, and most of those hold no pattern that
/// matches it (a caller's `Manage…` statement of another workload); one
/// test of the list's floor passes over all of them.
#[derive(Debug, Clone, Copy)]
pub struct Sieve {
    shortest_match: usize,
    longest_match: usize,
    literal_bytes: u64,
    counts: u128,
}

impl Sieve {
    /// Admits no text: the floor of no pattern.
    const NOTHING: Sieve = Sieve {
        shortest_match: usize::MAX,
        longest_match: 0,
        literal_bytes: u64::MAX,
        counts: u128::from_le_bytes([0x7F; 16]),
    };

    /// The floor of a list of sieves: it admits every text one of them
    /// admits.
    pub fn floor<'a>(sieves: impl IntoIterator<Item = &'a Sieve>) -> Sieve {
        let mut floor = Sieve::NOTHING;
        for s in sieves {
            floor.shortest_match = floor.shortest_match.min(s.shortest_match);
            floor.longest_match = floor.longest_match.max(s.longest_match);
            floor.literal_bytes &= s.literal_bytes;
            let (mut least, theirs) = (floor.counts.to_le_bytes(), s.counts.to_le_bytes());
            for (n, m) in least.iter_mut().zip(theirs) {
                *n = (*n).min(m);
            }
            floor.counts = u128::from_le_bytes(least);
        }
        floor
    }

    /// Whether the pattern (or a pattern of the list) may match the text
    /// of `other`: false only when it does not ([`Pattern::matches_text_of`]).
    pub fn admits(&self, other: &Pattern) -> bool {
        self.admits_key(&Sifted::of(other))
    }

    fn admits_key(&self, text: &Sifted) -> bool {
        text.len >= self.shortest_match
            && text.len <= self.longest_match
            && self.literal_bytes & !text.bytes == 0
            && counts_within(self.counts, text.counts)
    }

    /// The first of `sieves` from `from` on that admits the text of
    /// `other`, by its place: a loop of its own over a copy of what a
    /// sieve reads of the text, which then stays in registers (in the
    /// merge's loop it was read again from memory for each pair).
    pub fn first_admitting(sieves: &[Sieve], from: usize, other: &Pattern) -> Option<usize> {
        let text = Sifted::of(other);
        let rest = sieves.get(from..)?;
        rest.iter()
            .position(|s| s.admits_key(&text))
            .map(|at| from + at)
    }
}

/// What a [`Sieve`] reads of a text.
#[derive(Clone, Copy)]
struct Sifted {
    len: usize,
    bytes: u64,
    counts: u128,
}

impl Sifted {
    fn of(text: &Pattern) -> Sifted {
        Sifted {
            len: text.text.len(),
            bytes: text.bytes,
            counts: text.counts,
        }
    }
}

/// Where a pattern's wildcards are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Literal,
    /// `*` only, the first and the last at these byte offsets.
    Stars(usize, usize),
    /// At least one `?`.
    AnyOne,
}

impl Form {
    fn of(pattern: &str) -> Form {
        let mut stars = None;
        for (i, b) in pattern.bytes().enumerate() {
            match b {
                b'?' => return Form::AnyOne,
                b'*' => stars = Some(stars.map_or((i, i), |(first, _)| (first, i))),
                _ => {}
            }
        }
        stars.map_or(Form::Literal, |(first, last)| Form::Stars(first, last))
    }
}

fn matches(pattern: &str, form: Form, text: &str) -> bool {
    match form {
        Form::Literal => pattern == text,
        Form::Stars(first, last) => glob_stars(pattern, first, last, text),
        // ARNs, actions and names are ASCII: compare their bytes without a
        // copy.
        Form::AnyOne if pattern.is_ascii() && text.is_ascii() => {
            glob_in(pattern.as_bytes(), text.as_bytes(), b'*', b'?')
        }
        Form::AnyOne => {
            let (p, t): (Vec<char>, Vec<char>) =
                (pattern.chars().collect(), text.chars().collect());
            glob_in(&p, &t, '*', '?')
        }
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// [`glob`] of a pattern whose only wildcard is `*`, piece by piece: the
/// text starts with the first piece and ends with the last, and each piece
/// between is found at its first place after the one before. The first
/// place is never wrong: the `*` after a piece takes whatever a later place
/// would have left. The covered-grant merge compares every pair of a
/// policy's resources, most of them with a `*` region near the start, where
/// [`glob_in`] backtracks over all the rest of the text.
fn glob_stars(pattern: &str, first: usize, last: usize, text: &str) -> bool {
    let (head, tail) = (
        &pattern.as_bytes()[..first],
        &pattern.as_bytes()[last + 1..],
    );
    let text = text.as_bytes();
    if text.len() < head.len() + tail.len() || !text.starts_with(head) || !text.ends_with(tail) {
        return false;
    }
    let mut rest = &text[head.len()..text.len() - tail.len()];
    if first < last {
        for piece in pattern.as_bytes()[first + 1..last].split(|&b| b == b'*') {
            let Some(at) = find(rest, piece) else {
                return false;
            };
            rest = &rest[at + piece.len()..];
        }
    }
    true
}

/// The first place of `piece` in `text`, by its first byte and then the
/// rest. Bytes of whole UTF-8 texts: a piece that starts a character
/// matches only where the text starts one. The texts are short ARNs, where
/// `str::find`'s searcher costs more to set up than the search (it made the
/// merge slower than [`glob_in`]).
fn find(text: &[u8], piece: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = piece.split_first() else {
        return Some(0);
    };
    let end = (text.len() + 1).checked_sub(piece.len())?;
    (0..end).find(|&i| text[i] == first && text[i + 1..].starts_with(rest))
}

/// Iterative matcher with backtracking to the last `*`.
fn glob_in<T: Copy + PartialEq>(p: &[T], t: &[T], any_run: T, any_one: T) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        // A `*` is a wildcard even where the text holds a `*` too: taken
        // as a literal there, it could not take more of the text later.
        if pi < p.len() && p[pi] == any_run {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && (p[pi] == any_one || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
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

    /// [`Pattern::counts`] of a text.
    fn digit_counts(text: &str) -> u128 {
        Pattern::new(text.to_string()).counts
    }

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
        // A `*` of the pattern facing a `*` of the text is still a
        // wildcard: it once matched that one character and no more.
        assert!(glob("a*?", "a*bc"));
        assert!(glob("r:*:t/*/x", "r:*:t/a*b/x"));
    }

    /// `glob` as a regular expression: `*` any run, `?` any one character,
    /// the rest literal.
    fn oracle(pattern: &str) -> regex::Regex {
        let mut re = String::from("^");
        for c in pattern.chars() {
            match c {
                '*' => re.push_str("(?s:.*)"),
                '?' => re.push_str("(?s:.)"),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        re.push('$');
        regex::Regex::new(&re).expect("an escaped pattern")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1024, ..Default::default() })]

        /// Patterns with and without `?`, over a small alphabet so that
        /// pieces repeat and overlap: the matcher agrees with the regular
        /// expression.
        #[test]
        fn glob_agrees_with_its_regular_expression(
            pattern in "[ab*?é]{0,8}",
            text in "[ab*?é]{0,10}",
        ) {
            proptest::prop_assert_eq!(
                glob(&pattern, &text),
                oracle(&pattern).is_match(&text),
                "{} against {}", text, pattern
            );
        }

        /// The shortcut by lengths and bytes turns away no text that the
        /// pattern matches, also where a `?` or `*` of the pattern stands
        /// for bytes past ASCII.
        #[test]
        fn matching_another_patterns_text_agrees_with_glob(
            pattern in "[ab*?é]{0,8}",
            text in "[ab*?é]{0,10}",
        ) {
            proptest::prop_assert_eq!(
                Pattern::new(pattern.clone()).matches_text_of(&Pattern::new(text.clone())),
                glob(&pattern, &text),
                "{} against {}", text, pattern
            );
        }

        /// The floor of a list turns away no text that one of its
        /// patterns matches.
        #[test]
        fn a_floor_turns_away_only_texts_no_pattern_matches(
            patterns in proptest::collection::vec("[01ab/*?é-]{0,8}", 0..4),
            text in "[01ab/*?é-]{0,10}",
        ) {
            let patterns: Vec<Pattern> = patterns.into_iter().map(Pattern::new).collect();
            let text = Pattern::new(text);
            let sieves: Vec<Sieve> = patterns.iter().map(Pattern::sieve).collect();
            if patterns.iter().any(|p| p.matches_text_of(&text)) {
                proptest::prop_assert!(Sieve::floor(&sieves).admits(&text), "{}", text.as_str());
            }
        }

        /// A text written piece by piece, some pieces read before, is
        /// read as the whole text is: its wildcards' places, bytes and
        /// counts.
        #[test]
        fn a_text_read_piece_by_piece_is_read_as_a_whole(
            pieces in proptest::collection::vec(("[ab1*?é-]{0,4}", proptest::bool::ANY), 0..5),
        ) {
            let mut text = PatternText::default();
            for (piece, read_before) in &pieces {
                if *read_before {
                    let mut before = PatternText::default();
                    before.push_str(piece);
                    text.push_text(&before);
                } else {
                    text.push_str(piece);
                }
            }
            let whole: String = pieces.iter().map(|(p, _)| p.as_str()).collect();
            proptest::prop_assert_eq!(
                format!("{:?}", text.into_pattern()),
                format!("{:?}", Pattern::new(whole.clone())),
                "{}", whole
            );
        }

        /// A pattern read in one pass finds the wildcards [`glob`] finds,
        /// and leaves every `*` out of its shortest match.
        #[test]
        fn a_pattern_reads_its_wildcards_as_glob_does(pattern in "[ab*?é]{0,8}") {
            let read = Pattern::new(pattern.clone());
            proptest::prop_assert_eq!(read.form, Form::of(&pattern), "{}", pattern);
            proptest::prop_assert_eq!(
                read.shortest_match,
                pattern.len() - pattern.matches('*').count(),
                "{}", pattern
            );
        }

        /// The same where digits and punctuation repeat, whose counts the
        /// shortcut compares.
        #[test]
        fn matching_another_patterns_text_by_digit_counts_agrees_with_glob(
            pattern in "[01a/:_.*?-]{0,8}",
            text in "[01a/:_.*?-]{0,10}",
        ) {
            proptest::prop_assert_eq!(
                Pattern::new(pattern.clone()).matches_text_of(&Pattern::new(text.clone())),
                glob(&pattern, &text),
                "{} against {}", text, pattern
            );
        }
    }

    /// The bytes counted are the digits and `-`, `.`, `/`, `:`, `_`, and
    /// never a wildcard.
    #[test]
    fn the_counted_bytes_are_digits_and_separators() {
        let counted: String = (0..=255u8)
            .filter(|b| counted(*b))
            .map(char::from)
            .collect();
        assert_eq!(counted, "-./0123456789:_");
    }

    /// A count past what a byte holds stays at its most, so a text with
    /// more of a digit than that is never turned away.
    #[test]
    fn digit_counts_compare_each_digit_and_saturate() {
        assert!(counts_within(
            digit_counts("w00011"),
            digit_counts("x1100-0y")
        ));
        assert!(!counts_within(
            digit_counts("w00011"),
            digit_counts("w00012")
        ));
        assert!(!counts_within(
            digit_counts("9"),
            digit_counts("0123456788")
        ));
        assert!(!counts_within(
            digit_counts("w00012-"),
            digit_counts("w00012/")
        ));
        let (many, more) = ("1".repeat(150), "1".repeat(200));
        assert!(counts_within(digit_counts(&more), digit_counts(&many)));
        assert!(Pattern::new(format!("{many}*")).matches_text_of(&Pattern::new(more)));
    }

    /// Whether some text matches both patterns, by trying every text that
    /// could: each character of a shortest common text meets a literal or
    /// a `?` in one of the patterns (one that only `*`s meet can go), so
    /// it is no longer than their other characters together, and a
    /// character a literal does not fix can be any other (`c`).
    fn common_text(a: &str, b: &str) -> bool {
        let longest = a.chars().chain(b.chars()).filter(|c| *c != '*').count();
        let mut texts = vec![String::new()];
        for _ in 0..=longest {
            if texts.iter().any(|t| glob(a, t) && glob(b, t)) {
                return true;
            }
            texts = texts
                .iter()
                .flat_map(|t| ['a', 'é', 'c'].map(|c| format!("{t}{c}")))
                .collect();
        }
        false
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

        /// Two patterns overlap exactly when a text matches both (`glob`
        /// agrees with its regular expression above).
        #[test]
        fn overlap_agrees_with_a_search_for_a_common_text(
            a in "[a*?é]{0,4}",
            b in "[a*?é]{0,3}",
        ) {
            proptest::prop_assert_eq!(
                overlap(&a, &b),
                common_text(&a, &b),
                "{} and {}", a, b
            );
            proptest::prop_assert_eq!(overlap(&b, &a), overlap(&a, &b), "{} and {}", b, a);
        }
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
