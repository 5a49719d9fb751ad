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

/// Whether any byte of `text` needs an escape. The test has no early exit,
/// so that it runs over many bytes at a time: nearly no text needs one.
pub(crate) fn needs_escape(text: &str) -> bool {
    text.bytes().fold(0, |any, b| any | ESCAPE[usize::from(b)]) != 0
}

/// The characters of `text` written as a JSON string's contents (quotes
/// not included), counted as IAM counts a policy's size: a character a
/// character, so a UTF-8 continuation byte adds none.
pub(crate) fn escaped_chars(text: &str) -> usize {
    if text.is_ascii() && !needs_escape(text) {
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
}
