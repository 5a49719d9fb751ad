//! The template's JSON writer: a [`serde::Serializer`] that writes the JSON
//! that `serde_json::to_writer_pretty` writes, byte for byte, straight into
//! one `String`.
//!
//! Like the YAML writer beside it, it writes the shapes the template is made
//! of (maps and structs, lists, strings, `Display` values through
//! `collect_str`, options) and refuses the rest (numbers, booleans, bytes,
//! enums with a tag), which the template never holds.
//!
//! Why not serde_json itself: the template's JSON is most of the bytes that
//! `generate` writes, and serde_json looks each byte of a string up in its
//! escape table on the way to the writer and writes an indent as one
//! `write_all` per level. Here a string's bytes are classed in one pass and
//! copied whole when nothing in them needs an escape, as nearly none does,
//! and an indent is one copy: `generate` at 1,000 workloads takes 36 million
//! fewer instructions than through serde_json (callgrind, 867M to 831M).
//! The tests hold the output to serde_json's.
//!
//! # Layout
//!
//! Two spaces per level. A map or list that is not empty opens with `{` or
//! `[`, each entry or item on a line of its own one level deeper, separated
//! by `,`, and closes on a line of its own at the level it opened; an empty
//! one is `{}` or `[]`. An entry is `"key": value`.
//!
//! # Strings
//!
//! In double quotes, with `"` and `\` escaped, the control characters
//! U+0000 to U+001F as `\b \t \n \f \r` by name and `\u00hh` otherwise
//! (lower case hex), and everything else, DEL and all other Unicode
//! included, as it is (RFC 8259, section 7). A string ends only at an
//! unescaped `"`, so its content cannot end it early.

use crate::json_text::{needs_escape, ESCAPE};
use std::fmt;

use serde::ser::{self, Serialize};

use super::WriteError;

fn unsupported<T>(what: &str) -> Result<T, WriteError> {
    Err(WriteError(format!(
        "the template's JSON writer does not write {what}"
    )))
}

/// Writes `value` as pretty JSON at the end of `out`, without a line break
/// after it. The template itself is written with its YAML at once, by
/// [`super::both`].
#[cfg(test)]
pub fn write<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), WriteError> {
    value.serialize(&mut Writer::new(out))
}

/// A writer of pretty JSON; `&mut Writer` is the serializer.
pub(super) struct Writer<'o> {
    out: &'o mut String,
    /// The level of the map or list being written.
    level: usize,
}

impl<'o> Writer<'o> {
    /// A writer of a JSON value at the end of `out`.
    pub(super) fn new(out: &'o mut String) -> Self {
        Writer { out, level: 0 }
    }

    /// A line break and the indent of the current level.
    fn new_line(&mut self) {
        self.out.push('\n');
        crate::emit::push_spaces(self.out, 2 * self.level);
    }

    fn open(&mut self, bracket: char) -> Block<'_, 'o> {
        self.out.push(bracket);
        self.level += 1;
        Block {
            w: self,
            first: true,
        }
    }
}

impl Writer<'_> {
    /// Writes `text`, which holds no byte that needs an escape (its bytes
    /// have been looked at already, by the YAML writer), as a JSON string.
    pub(super) fn write_unescaped_str(&mut self, text: &str) {
        debug_assert!(text.bytes().all(|b| ESCAPE[usize::from(b)] == 0));
        self.out.reserve(text.len() + 2);
        self.out.push('"');
        self.out.push_str(text);
        self.out.push('"');
    }
}

/// `text` as a JSON string, with the escapes of the module docs.
fn write_str(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    // One pass with no branch per byte tells whether anything needs an
    // escape; nearly nothing in a template does, and is copied whole.
    if !needs_escape(text) {
        out.push_str(text);
    } else {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let bytes = text.as_bytes();
        // `text[start..i]` is written as it is once an escape or the end comes.
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape = ESCAPE[usize::from(b)];
            if escape == 0 {
                continue;
            }
            // Every byte escaped is ASCII, so `i` is at a character.
            out.push_str(&text[start..i]);
            out.push('\\');
            out.push(char::from(escape));
            if escape == b'u' {
                out.push_str("00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
            start = i + 1;
        }
        out.push_str(&text[start..]);
    }
    out.push('"');
}

impl<'a, 'o> ser::Serializer for &'a mut Writer<'o> {
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        write_str(self.out, v);
        Ok(())
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        write_str(self.out, &value.to_string());
        Ok(())
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Block<'a, 'o>, WriteError> {
        Ok(self.open('['))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Block<'a, 'o>, WriteError> {
        Ok(self.open('{'))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Block<'a, 'o>, WriteError> {
        Ok(self.open('{'))
    }

    other_shapes!(Block<'a, 'o>, unsupported);
}

/// A map or a list being written.
pub(super) struct Block<'a, 'o> {
    w: &'a mut Writer<'o>,
    /// Whether no entry has been written yet.
    first: bool,
}

impl<'o> Block<'_, 'o> {
    /// Starts an entry or item on a line of its own, after a `,` if another
    /// came before.
    fn start_entry(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w.new_line();
    }

    fn close(self, bracket: char) -> Result<(), WriteError> {
        self.w.level -= 1;
        if !self.first {
            self.w.new_line();
        }
        self.w.out.push(bracket);
        Ok(())
    }

    fn key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), WriteError> {
        self.start_entry();
        let start = self.w.out.len();
        key.serialize(&mut *self.w)?;
        // Numbers and booleans are refused already; a map, a list or null is
        // written and then refused.
        if !self.w.out[start..].starts_with('"') {
            return unsupported("keys that are not strings");
        }
        self.w.out.push_str(": ");
        Ok(())
    }

    /// Writes the key `v`, as `key` does; `unescaped` when it holds no
    /// byte that needs an escape (its bytes have been looked at already,
    /// by the YAML writer).
    pub(super) fn write_key_str(&mut self, v: &str, unescaped: bool) {
        self.start_entry();
        if unescaped {
            self.w.write_unescaped_str(v);
        } else {
            write_str(self.w.out, v);
        }
        self.w.out.push_str(": ");
    }

    /// Writes a key whose text as written, with its `: `, is `written`
    /// (see [`super::both`]'s known keys).
    pub(super) fn write_known_key(&mut self, written: &str) {
        self.start_entry();
        self.w.out.push_str(written);
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(self.value_writer())
    }

    /// The writer of the value of the key just written.
    pub(super) fn value_writer(&mut self) -> &mut Writer<'o> {
        self.w
    }

    /// Starts a list item: the writer of its value.
    pub(super) fn item_writer(&mut self) -> &mut Writer<'o> {
        self.start_entry();
        self.w
    }

    fn end_map(self) -> Result<(), WriteError> {
        self.close('}')
    }
}

impl ser::SerializeSeq for Block<'_, '_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(self.item_writer())
    }

    fn end(self) -> Result<(), WriteError> {
        self.close(']')
    }
}

map_entries!(Block, end_map);

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;
    use proptest::prelude::*;
    use serde::Serialize;

    // Documents of strings made of what needs escapes in JSON or YAML.
    use super::super::yaml::tests::{tree, Shown};

    /// The oracle: serde_json, as the template used it.
    fn oracle<T: Serialize>(value: &T) -> String {
        serde_json::to_string_pretty(value).unwrap()
    }

    fn ours<T: Serialize>(value: &T) -> String {
        let mut out = String::new();
        write(&mut out, value).unwrap();
        out
    }

    #[test]
    fn layout_of_maps_and_lists() {
        let tree: serde_json::Value = serde_json::json!({
            "a": "x",
            "list": ["1", {"k": "v", "k2": ["c"], "k3": {"m": "d"}}, [], {}, [["p"]]],
            "empty": {},
            "none": [],
        });
        let expected = r#"{
  "a": "x",
  "list": [
    "1",
    {
      "k": "v",
      "k2": [
        "c"
      ],
      "k3": {
        "m": "d"
      }
    },
    [],
    {},
    [
      [
        "p"
      ]
    ]
  ],
  "empty": {},
  "none": []
}"#;
        assert_eq!(ours(&tree), expected);
        assert_eq!(oracle(&tree), expected);
    }

    #[test]
    fn escapes_in_strings() {
        let cases = [
            ("plain ${aws:username}", r#""plain ${aws:username}""#),
            ("q\"b\\s/", r#""q\"b\\s/""#),
            ("\u{8}\t\n\u{c}\r", r#""\b\t\n\f\r""#),
            ("\0\u{1}\u{1b}\u{1f}", r#""\u0000\u0001\u001b\u001f""#),
            ("\u{7f}\u{85}\u{2028}é😀", "\"\u{7f}\u{85}\u{2028}é😀\""),
        ];
        for (text, written) in cases {
            assert_eq!(ours(&text), written, "{text:?}");
            assert_eq!(oracle(&text), written, "{text:?}");
        }
    }

    #[test]
    fn display_values_are_written_like_strings() {
        let texts = ["plain", "a\"b", "a\nb", ""];
        let entries: Vec<(Shown, Shown)> = texts.iter().map(|t| (Shown(t), Shown(t))).collect();
        struct Entries<'a>(&'a [(Shown, Shown)]);
        impl Serialize for Entries<'_> {
            fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
            }
        }
        assert_eq!(ours(&Entries(&entries)), oracle(&Entries(&entries)));
    }

    #[test]
    fn shapes_the_template_has_not_are_refused() {
        assert!(write(&mut String::new(), &1u8).is_err());
        assert!(write(&mut String::new(), &true).is_err());
        assert!(write(&mut String::new(), &IndexMap::from([(1u8, "x")])).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Any nesting of maps, lists and strings is written as serde_json
        /// writes it, and reads back as itself.
        #[test]
        fn any_tree_is_written_as_serde_json_writes_it(tree in tree()) {
            let json = ours(&tree);
            prop_assert_eq!(&json, &oracle(&tree));
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, serde_json::to_value(&tree).unwrap());
        }
    }
}
