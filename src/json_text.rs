//! How a JSON string is escaped, as serde_json writes it: `"`, `\` and the
//! short control escapes (`\b`, `\t`, `\n`, `\f`, `\r`) as two characters,
//! other control characters as `\u00hh`, everything else as it is. One table
//! for the CloudFormation JSON writer and for the policy sizes that IAM's
//! quotas are checked against, so that the two cannot drift apart.

/// What each byte needs in a string: nothing (0), the letter of its short
/// escape, or `u` for `\u00hh`.
pub(crate) const ESCAPE: [u8; 256] = {
    let mut escape = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        escape[b] = b'u';
        b += 1;
    }
    escape[0x08] = b'b';
    escape[b'\t' as usize] = b't';
    escape[b'\n' as usize] = b'n';
    escape[0x0C] = b'f';
    escape[b'\r' as usize] = b'r';
    escape[b'"' as usize] = b'"';
    escape[b'\\' as usize] = b'\\';
    escape
};

/// Whether any byte of `text` needs an escape. Nearly no text needs one,
/// so the bytes are tested eight at a time ([`word_needs_escape`]).
pub(crate) fn needs_escape(text: &str) -> bool {
    any_word(text.as_bytes(), word_needs_escape)
}

/// The characters of `text` written as a JSON string's contents (quotes
/// not included), counted as IAM counts a policy's size: a character a
/// character, so a UTF-8 continuation byte adds none.
pub(crate) fn escaped_chars(text: &str) -> usize {
    // Nearly every text is ASCII without an escape, so that each byte is a
    // character: one pass eight bytes at a time decides it, where a test for
    // ASCII and then a table lookup per byte took two passes (94 million
    // instructions for the policy sizes at 10,000 workloads).
    if !any_word(text.as_bytes(), word_not_plain_ascii) {
        return text.len();
    }
    text.bytes()
        .map(|b| match ESCAPE[usize::from(b)] {
            0 if (0x80..0xc0).contains(&b) => 0,
            0 => 1,
            b'u' => 6,
            _ => 2,
        })
        .sum()
}

/// Each byte's low bit, and each byte's high bit, of a word of eight bytes.
const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether `test` holds for any word of `bytes`, taken eight bytes at a
/// time. The last word is the last eight bytes, which may overlap the one
/// before; a text shorter than a word is padded with spaces, which no test
/// finds, shifted in byte by byte (a copy into a padded word calls memcpy,
/// which cost more than the test of the text).
fn any_word(bytes: &[u8], test: impl Fn(u64) -> bool) -> bool {
    let Some(last) = bytes.len().checked_sub(8) else {
        let spaces = u64::from_ne_bytes([b' '; 8]);
        return test(bytes.iter().fold(spaces, |w, &b| w << 8 | u64::from(b)));
    };
    let word = |w: &[u8]| u64::from_ne_bytes(w.try_into().expect("eight bytes"));
    bytes.chunks_exact(8).any(|w| test(word(w))) || test(word(&bytes[last..]))
}

/// Whether any of the eight bytes of `w` is one that [`ESCAPE`] escapes:
/// a control character (below 0x20), `"` or `\`. Bit tricks that test
/// every byte at once ("Bit Twiddling Hacks", "Determine if a word has a
/// byte less than n"): `w - n*LOW` borrows out of a byte exactly when the
/// byte is below `n`, and the lowest such byte keeps its high bit (`& HIGH`)
/// where the byte itself had none (`& !w`); with no such byte no borrow
/// happens, and a byte of 0x80 or more loses its high bit to `!w`. `"` and
/// `\` are found as a byte of zero (below 1) after an exclusive or.
fn word_needs_escape(w: u64) -> bool {
    let below = |w: u64, n: u8| w.wrapping_sub(u64::from(n) * LOW) & !w & HIGH;
    (below(w, 0x20)
        | below(w ^ (u64::from(b'"') * LOW), 1)
        | below(w ^ (u64::from(b'\\') * LOW), 1))
        != 0
}

/// Whether any of the eight bytes of `w` needs an escape or is not ASCII
/// (its high bit set).
fn word_not_plain_ascii(w: u64) -> bool {
    word_needs_escape(w) || w & HIGH != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size of every character alone and in text is the length of what
    /// serde_json writes for it.
    #[test]
    fn sizes_are_serde_jsons_lengths() {
        let mut texts: Vec<String> = (0u32..0x100)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        texts.extend(["", "plain", "a\"b\\c\n", "é€😀\u{7f}\u{1}", "\u{2028}x"].map(String::from));
        for text in texts {
            let written = serde_json::to_string(&text).unwrap();
            assert_eq!(
                escaped_chars(&text) + 2,
                written.chars().count(),
                "{text:?}"
            );
            assert_eq!(
                needs_escape(&text),
                written.len() != text.len() + 2,
                "{text:?}"
            );
        }
    }

    /// The word-at-a-time tests agree with [`ESCAPE`] for every byte at
    /// every place in texts of up to 17 bytes: in each of the two words and
    /// in the padded rest.
    #[test]
    fn word_tests_find_every_byte_at_every_place() {
        for len in 1..=17 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let escape = ESCAPE[usize::from(b)] != 0;
                    assert_eq!(
                        any_word(&bytes, word_needs_escape),
                        escape,
                        "{b} at {at} of {len}"
                    );
                    assert_eq!(
                        any_word(&bytes, word_not_plain_ascii),
                        escape || b >= 0x80,
                        "{b} at {at} of {len}"
                    );
                }
            }
        }
        assert!(!any_word(b"", word_needs_escape));
    }
}
