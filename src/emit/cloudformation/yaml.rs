//! The template's YAML writer: a [`serde::Serializer`] that writes block-style
//! YAML straight into one `String`.
//!
//! It owns the layout of the YAML file and the style of every scalar in it;
//! what the template says is the parent module's. It writes the shapes the
//! template is made of (maps and structs, lists, strings, `Display` values
//! through `collect_str`, options) and refuses the rest (numbers, booleans,
//! bytes, enums with a tag), which the template never holds.
//!
//! The output is the one serde-saphyr 2.2 writes with `prefer_block_scalars`
//! off, byte for byte, and the tests hold it to that: the goldens were made
//! with serde-saphyr, and it reads our YAML back in the tests.
//!
//! # Layout
//!
//! Two spaces per level. A map is one `key: value` line per entry. A map that
//! is a map value starts on the next line, one level deeper; a list that is a
//! map value starts on the next line too, with its dashes at the key's own
//! column. A list item is `- ` and its value; a map or list as an item starts
//! on the dash's line, its later entries lined up under its first. Empty maps
//! and lists are `{}` and `[]`. YAML allows an implicit key of at most 1024
//! characters, so a longer key is written as an explicit `? key`, its value
//! after a `:` on the next line.
//!
//! # Scalars
//!
//! A string is written plain when a YAML reader reads that text back as the
//! same string and nothing else; otherwise double-quoted (see [`style`]).
//! Strings from the user's spec (descriptions, tags, ARNs, IAM policy
//! variables such as `${aws:username}`) go through the same rule, so none of
//! them can add a key, an item, a comment or a document to the template.
//!
//! A string is double-quoted, as a key or as a value, when:
//!
//! * a reader would resolve it to another type. YAML 1.1 readers (PyYAML
//!   among them) resolve more than YAML 1.2 does, so the wider YAML 1.1 set
//!   counts: the empty string and `~` (null), `null`, `true`, `false`, `yes`,
//!   `no`, `on`, `off`, `y`, `n` (any case); `.nan` and `.inf` with or
//!   without a sign, and `nan` and `inf`, which some readers take undotted;
//!   numbers, including the YAML 1.1 spellings with `_` separators, `0x`,
//!   `0o` and `0b` prefixes, base 60 (`1:30`) and the loose float pattern of
//!   the YAML 1.1 types, which matches `0.1.0`; timestamps (`2010-09-09`,
//!   `2001-12-14 21:59:43.10 -5`); the merge key `<<` and the value key `=`;
//! * it is a document marker: `---` or `...`, alone or before whitespace;
//! * it starts or ends with whitespace, which a plain scalar loses;
//! * it starts with an indicator: `-` or `?` alone or before whitespace
//!   (an item, an explicit key), or any of ``, : [ ] { } # & * ! | > ' " % @ ` ``
//!   (flow collections, a mapping value, a comment, anchors, aliases, tags,
//!   block scalars, quotes, directives, reserved);
//! * it holds `: `, or ends with `:` before nothing but whitespace, either
//!   of which makes a key of what comes before; or a `#` after whitespace,
//!   which starts a comment (any Unicode whitespace counts in both, which is
//!   more than the spaces and tabs that YAML means);
//! * it holds a character that a plain scalar cannot carry: control
//!   characters (line breaks and tabs among them), the byte order mark, the
//!   line and paragraph separators, U+FFFE and U+FFFF.
//!
//! A key is also double-quoted when it holds a `:` anywhere or a flow
//! indicator (`,`, `[`, `]`, `{`, `}`). So `AWS::IAM::Role` and
//! `s3:ListBucket` are plain values, while the keys `"Fn::Sub"` and
//! `"aws:SourceArn"` are quoted. Elsewhere in a plain scalar, `"`, `'`, `\`,
//! `$`, `{`, `#` after a non-space and `:` before one mean nothing to YAML.
//! The values `.`, `#` and `-` are single-quoted: `'.'`.
//!
//! Inside double quotes `\` and `"` are escaped, and so is every character
//! above that a plain scalar cannot carry: `\0 \a \b \t \n \v \f \r \e` by
//! name, NEL, LS and PS as `\N \L \P`, other C0 and C1 controls and DEL as
//! `\xHH`, and the byte order mark, U+FFFE and U+FFFF as `\uHHHH`. A quoted
//! scalar ends only at an unescaped `"` and never spans a line, so its
//! content cannot end it early. Everything else, all other Unicode included,
//! is written as it is.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use super::WriteError;

fn unsupported<T>(what: &str) -> Result<T, WriteError> {
    Err(WriteError(format!(
        "the template's YAML writer does not write {what}"
    )))
}

/// Writes `value` as a YAML document at the end of `out`. The template
/// itself is written with its JSON at once, by [`super::both`].
#[cfg(test)]
pub fn write<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), WriteError> {
    value.serialize(Writer::new(out).document())
}

/// The longest implicit key YAML allows, in characters (YAML 1.2, 7.4.2:
/// the `:` "must appear at most 1024 Unicode characters beyond the start of
/// the key"). The limit counts the key as written, quotes and escapes too.
const MAX_IMPLICIT_KEY_CHARS: usize = 1024;

pub(super) struct Writer<'o> {
    out: &'o mut String,
    /// The text of a `collect_str` value that needs quotes, moved here while
    /// it is quoted back into `out`; kept to be reused.
    scratch: String,
}

impl<'o> Writer<'o> {
    /// A writer of a YAML document at the end of `out`.
    pub(super) fn new(out: &'o mut String) -> Self {
        Writer {
            out,
            scratch: String::new(),
        }
    }

    /// The document's node, to serialize its value into.
    pub(super) fn document(&mut self) -> Node<'_, 'o> {
        Node {
            w: self,
            place: Place::Root,
        }
    }

    fn indent(&mut self, level: usize) {
        crate::emit::push_spaces(self.out, 2 * level);
    }

    /// Writes `value`'s text as a scalar: straight into `out`, then quoted in
    /// place if it needs quotes.
    fn display_scalar<T: fmt::Display + ?Sized>(&mut self, value: &T, at: Position) {
        let start = self.out.len();
        write!(self.out, "{value}").expect("writing to a String cannot fail");
        let text = &self.out[start..];
        if style(text, Seen::of(text), at) != Style::Plain {
            self.scratch.clear();
            self.scratch.push_str(&self.out[start..]);
            self.out.truncate(start);
            write_scalar(self.out, &self.scratch, at);
        }
    }
}

/// Where a scalar stands, which decides how it must be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Key,
    Value,
}

/// Where the next node starts.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// The document: at the start of a line, at level 0.
    Root,
    /// A map key, at the cursor.
    Key,
    /// After the `key:` of an entry at `level`.
    Value { level: usize },
    /// After the `- ` of an item whose dash is at `level`.
    Item { level: usize },
    /// After the `:` of an explicit `? key` at `level`.
    ExplicitValue { level: usize },
}

/// How the first entry of a map or list starts.
#[derive(Debug, Clone, Copy)]
enum Open {
    /// Where the cursor is: at the start of the document or after a dash.
    Here,
    /// After a space, on the line of an explicit key's `:`.
    Space,
    /// On the next line, indented.
    NextLine,
}

/// A node to serialize, and where it starts.
pub(super) struct Node<'a, 'o> {
    w: &'a mut Writer<'o>,
    place: Place,
}

impl<'a, 'o> Node<'a, 'o> {
    /// Writes a scalar here, through `write` with the scalar's position. A
    /// value ends its line.
    fn scalar(self, write: impl FnOnce(&mut Writer<'o>, Position)) -> Result<(), WriteError> {
        let lead = match self.place {
            Place::Key => {
                write(self.w, Position::Key);
                return Ok(());
            }
            Place::Root | Place::Item { .. } => "",
            Place::Value { .. } | Place::ExplicitValue { .. } => " ",
        };
        self.w.out.push_str(lead);
        write(self.w, Position::Value);
        self.w.out.push('\n');
        Ok(())
    }

    /// Writes the string `v` here, as `serialize_str` does, and tells
    /// whether it holds none of the bytes that JSON escapes (the ASCII
    /// controls but DEL, `"` and `\\`), which its style's pass over its
    /// bytes sees too: the JSON writer then copies it without a pass of
    /// its own ([`super::both`]).
    pub(super) fn write_str(self, v: &str) -> Result<bool, WriteError> {
        let seen = Seen::of(v);
        self.scalar(|w, at| write_scalar_seen(w.out, v, seen, at))?;
        // DEL is a control here, and not escaped in JSON: a string with DEL
        // is scanned again, as one with a control is.
        Ok(!seen.has(CONTROL | ESCAPED))
    }

    /// Starts a map here.
    fn map(self) -> Result<Block<'a, 'o>, WriteError> {
        let (open, level) = match self.place {
            Place::Root => (Open::Here, 0),
            Place::Key => return unsupported("keys that are not strings"),
            Place::Value { level } => (Open::NextLine, level + 1),
            Place::Item { level } => (Open::Here, level + 1),
            Place::ExplicitValue { level } => (Open::Space, level + 1),
        };
        Ok(self.block(open, level, "{}"))
    }

    /// Starts a list here.
    fn list(self) -> Result<Block<'a, 'o>, WriteError> {
        let (open, level) = match self.place {
            Place::Root => (Open::Here, 0),
            Place::Key => return unsupported("keys that are not strings"),
            // Lists under a key sit at the key's column.
            Place::Value { level } | Place::ExplicitValue { level } => (Open::NextLine, level),
            Place::Item { level } => (Open::Here, level + 1),
        };
        Ok(self.block(open, level, "[]"))
    }

    fn block(self, open: Open, level: usize, empty: &'static str) -> Block<'a, 'o> {
        Block {
            w: self.w,
            level,
            open: Some(open),
            empty,
            value_at: Place::Root,
        }
    }
}

impl<'a, 'o> ser::Serializer for Node<'a, 'o> {
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        self.scalar(|w, at| write_scalar(w.out, v, at))
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        self.scalar(|w, at| w.display_scalar(value, at))
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        if let Place::Key = self.place {
            return unsupported("keys that are not strings");
        }
        self.scalar(|w, _| w.out.push_str("null"))
    }

    // The lengths are hints only: every entry the template has is written,
    // so an empty collection shows as `{}` or `[]` when it ends.
    fn serialize_seq(self, _len: Option<usize>) -> Result<Block<'a, 'o>, WriteError> {
        self.list()
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Block<'a, 'o>, WriteError> {
        self.map()
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Block<'a, 'o>, WriteError> {
        self.map()
    }

    other_shapes!(Block<'a, 'o>, unsupported);
}

/// A map or a list being written.
pub(super) struct Block<'a, 'o> {
    w: &'a mut Writer<'o>,
    /// The level of the entries after the first.
    level: usize,
    /// How the first entry starts; `None` once it has.
    open: Option<Open>,
    /// What an empty one is written as.
    empty: &'static str,
    /// Where the value of the key just written starts.
    value_at: Place,
}

impl<'o> Block<'_, 'o> {
    /// Starts an entry: where the block opened for the first, on a line of
    /// its own for the others (the entry before ended its line).
    fn start_entry(&mut self) {
        match self.open.take() {
            Some(Open::Here) => {}
            Some(Open::Space) => self.w.out.push(' '),
            Some(Open::NextLine) => {
                self.w.out.push('\n');
                self.w.indent(self.level);
            }
            None => self.w.indent(self.level),
        }
    }

    fn end_block(self) -> Result<(), WriteError> {
        if let Some(open) = self.open {
            if !matches!(open, Open::Here) {
                self.w.out.push(' ');
            }
            self.w.out.push_str(self.empty);
            self.w.out.push('\n');
        }
        Ok(())
    }

    fn key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), WriteError> {
        self.start_entry();
        let start = self.w.out.len();
        key.serialize(Node {
            w: self.w,
            place: Place::Key,
        })?;
        self.end_key(start);
        Ok(())
    }

    /// Writes the key `v`, as `key` does, and tells whether it holds none
    /// of the bytes that JSON escapes, as [`Node::write_str`] does.
    pub(super) fn write_key_str(&mut self, v: &str) -> bool {
        let seen = Seen::of(v);
        self.start_entry();
        let start = self.w.out.len();
        write_scalar_seen(self.w.out, v, seen, Position::Key);
        self.end_key(start);
        !seen.has(CONTROL | ESCAPED)
    }

    /// Writes a key whose text as written, with its `:`, is `written` (see
    /// [`super::both`]'s known keys): short, so never an explicit key.
    pub(super) fn write_known_key(&mut self, written: &str) {
        debug_assert!(written.len() <= MAX_IMPLICIT_KEY_CHARS);
        self.start_entry();
        self.w.out.push_str(written);
        self.value_at = Place::Value { level: self.level };
    }

    /// Ends the key written from `start`: an implicit key, or an explicit
    /// one when it is too long.
    fn end_key(&mut self, start: usize) {
        let text = &self.w.out[start..];
        if text.len() > MAX_IMPLICIT_KEY_CHARS && text.chars().count() > MAX_IMPLICIT_KEY_CHARS {
            self.w.out.insert_str(start, "? ");
            self.w.out.push('\n');
            self.w.indent(self.level);
            self.value_at = Place::ExplicitValue { level: self.level };
        } else {
            self.value_at = Place::Value { level: self.level };
        }
        self.w.out.push(':');
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(self.value_node())
    }

    /// The node of the value of the key just written.
    pub(super) fn value_node(&mut self) -> Node<'_, 'o> {
        Node {
            w: self.w,
            place: self.value_at,
        }
    }

    /// Starts a list item: the node of its value, after its dash.
    pub(super) fn item_node(&mut self) -> Node<'_, 'o> {
        self.start_entry();
        self.w.out.push_str("- ");
        Node {
            w: self.w,
            place: Place::Item { level: self.level },
        }
    }
}

impl ser::SerializeSeq for Block<'_, '_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(self.item_node())
    }

    fn end(self) -> Result<(), WriteError> {
        self.end_block()
    }
}

map_entries!(Block, end_block);

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    /// `'.'`: only for the one-character values `.`, `#` and `-`.
    SingleQuoted,
    DoubleQuoted,
}

fn write_scalar(out: &mut String, text: &str, at: Position) {
    write_scalar_seen(out, text, Seen::of(text), at);
}

/// [`write_scalar`] for `text` whose bytes hold `seen`.
fn write_scalar_seen(out: &mut String, text: &str, seen: Seen, at: Position) {
    match style(text, seen, at) {
        Style::Plain => out.push_str(text),
        Style::SingleQuoted => {
            // Only `.`, `#` and `-` come here: nothing inside needs escaping.
            out.push('\'');
            out.push_str(text);
            out.push('\'');
        }
        // Most quoted scalars (reasons, keys such as `"Fn::Sub"`, numbers)
        // hold nothing to escape: copied whole rather than byte by byte.
        Style::DoubleQuoted if !seen.has(CONTROL | HIGH | ESCAPED) => {
            out.reserve(text.len() + 2);
            out.push('"');
            out.push_str(text);
            out.push('"');
        }
        Style::DoubleQuoted => write_double_quoted(out, text),
    }
}

/// The style of `text` at `at`, by the rule in the module docs; `seen` is
/// what its bytes hold.
fn style(text: &str, seen: Seen, at: Position) -> Style {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        // The empty plain scalar is null.
        return Style::DoubleQuoted;
    };
    if at == Position::Value && matches!(text, "." | "#" | "-") {
        return Style::SingleQuoted;
    }
    let quote = first.is_ascii_whitespace()
        || last.is_ascii_whitespace()
        || starts_with_indicator(bytes)
        || has_structure_inside(text, seen, at)
        || (at == Position::Value && seen.has(COLON) && text.trim_end().ends_with(':'))
        || (matches!(first, b'-' | b'.') && is_document_marker(bytes))
        || reads_as_other_type(text);
    if quote {
        Style::DoubleQuoted
    } else {
        Style::Plain
    }
}

/// Whether `bytes` (not empty) starts with an indicator that a plain scalar
/// may not start with.
fn starts_with_indicator(bytes: &[u8]) -> bool {
    match bytes[0] {
        // An item or an explicit key, unless something other than whitespace follows.
        b'-' | b'?' => bytes.get(1).is_none_or(u8::is_ascii_whitespace),
        b',' | b':' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>'
        | b'\'' | b'"' | b'%' | b'@' | b'`' => true,
        _ => false,
    }
}

/// `---` or `...`, alone or before whitespace.
fn is_document_marker(bytes: &[u8]) -> bool {
    (bytes.starts_with(b"---") || bytes.starts_with(b"..."))
        && bytes.get(3).is_none_or(u8::is_ascii_whitespace)
}

/// Classes of bytes, as bits, for [`Seen`]. An ASCII control character,
/// which must be escaped.
const CONTROL: u8 = 1;
/// `:`, which makes a key of what comes before it when a space follows (in
/// a key, always).
const COLON: u8 = 1 << 1;
/// `#`, which starts a comment after whitespace.
const HASH: u8 = 1 << 2;
/// A byte of a character past ASCII: look closer.
const HIGH: u8 = 1 << 3;
/// A flow indicator, which only keys may not hold.
const FLOW: u8 = 1 << 4;
/// A space, the only whitespace past which `:` and `#` matter in ASCII
/// text without controls (a tab is a control).
const SPACE: u8 = 1 << 5;
/// `"` and `\`, escaped in double quotes.
const ESCAPED: u8 = 1 << 6;

/// The class of each byte, for [`Seen`].
const BYTE_CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            0x00..=0x1F | 0x7F => CONTROL,
            b':' => COLON,
            b'#' => HASH,
            0x80..=0xFF => HIGH,
            b',' | b'[' | b']' | b'{' | b'}' => FLOW,
            b' ' => SPACE,
            b'"' | b'\\' => ESCAPED,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// The classes of the bytes of a scalar, or-ed together. One pass over the
/// bytes, a table lookup each, tells most scalars apart: an ARN has colons
/// and no space, so no `: ` nor ` #`; a reason has both, but nothing to
/// escape. Only text with a control character or past ASCII needs a closer
/// look, character by character. Deciding the style by a loop over each
/// character, and the escapes by another, took 63 million instructions in
/// `generate` at 1,000 workloads; with this pass, 28 million (callgrind).
#[derive(Debug, Clone, Copy)]
struct Seen(u8);

impl Seen {
    fn of(text: &str) -> Seen {
        Seen(
            text.bytes()
                .fold(0, |seen, b| seen | BYTE_CLASS[usize::from(b)]),
        )
    }

    /// Whether a byte of any of the classes `classes` is there.
    fn has(self, classes: u8) -> bool {
        self.0 & classes != 0
    }
}

/// Whether `text`, whose bytes hold `seen`, holds what makes a plain scalar
/// at `at` read as something else: `: ` (or any `:` or flow indicator in a
/// key), `#` after whitespace, or a character that must be escaped.
fn has_structure_inside(text: &str, seen: Seen, at: Position) -> bool {
    let key = at == Position::Key;
    if !seen.has(CONTROL | HIGH) {
        // ASCII without controls: whitespace is a space.
        let bytes = text.as_bytes();
        let pair = |pair: &[u8]| bytes.windows(2).any(|w| w == pair);
        return (key && seen.has(COLON | FLOW))
            || (seen.has(SPACE)
                && ((seen.has(COLON) && pair(b": ")) || (seen.has(HASH) && pair(b" #"))));
    }
    let bytes = text.as_bytes();
    // Whether the character before `i` is whitespace, for comments.
    let mut after_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x00..=0x1F | 0x7F => return true,
            b',' | b'[' | b']' | b'{' | b'}' => {
                if key {
                    return true;
                }
                after_space = false;
            }
            b':' => {
                if key || bytes.get(i + 1) == Some(&b' ') {
                    return true;
                }
                after_space = false;
            }
            b'#' => {
                if after_space {
                    return true;
                }
                after_space = false;
            }
            0x80..=0xFF => {
                let c = text[i..].chars().next().expect("i is at a character");
                if must_escape(c) {
                    return true;
                }
                after_space = c.is_whitespace();
                i += c.len_utf8();
                continue;
            }
            _ => after_space = b == b' ',
        }
        i += 1;
    }
    false
}

/// Characters that neither a plain nor a single-quoted scalar can carry.
fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// Whether a YAML 1.1 or 1.2 reader resolves the plain scalar `text` (not
/// empty) to something other than a string.
fn reads_as_other_type(text: &str) -> bool {
    match text.as_bytes()[0] {
        b'0'..=b'9' | b'+' | b'-' | b'.' | b'_' => {
            is_number(text)
                || is_timestamp(text)
                || text.eq_ignore_ascii_case("+inf")
                || text.eq_ignore_ascii_case("-inf")
        }
        b'~' => text == "~",
        b'<' => text == "<<",
        b'=' => text == "=",
        // The words, by their first letter: most text, keys such as `Sid`
        // and `Effect` among them, is compared with none of them. Compared
        // with all eleven, this check took 27 million instructions in
        // `generate` at 10,000 workloads (callgrind), as nearly every key
        // and value comes here.
        first => {
            let words: &[&str] = match first.to_ascii_lowercase() {
                b'n' => &["null", "no", "n", "nan"],
                b't' => &["true"],
                b'f' => &["false"],
                b'y' => &["yes", "y"],
                b'o' => &["on", "off"],
                b'i' => &["inf"],
                _ => return false,
            };
            text.len() <= 5 && words.iter().any(|word| text.eq_ignore_ascii_case(word))
        }
    }
}

/// Numbers as YAML 1.1 spells them (which covers YAML 1.2's), for `text`
/// starting with a digit, a sign, `.` or `_`.
fn is_number(text: &str) -> bool {
    let unsigned = strip_sign(text);
    if unsigned.eq_ignore_ascii_case(".inf") || unsigned.eq_ignore_ascii_case(".nan") {
        return true;
    }
    if is_base_60(text) {
        return true;
    }
    // `0x`, `0o`, `0b` and digits, where YAML 1.1 takes `_` anywhere.
    if let Some((radix, digits)) = radix_prefix(unsigned) {
        if !digits.is_empty()
            && digits
                .bytes()
                .all(|b| b == b'_' || char::from(b).is_digit(radix))
        {
            return true;
        }
    }
    // Readers of YAML 1.1 drop every `_` before reading the rest (Go's yaml
    // does), so `0_x1` and `1__0` are numbers too.
    let without_underscores;
    let text = if text.contains('_') {
        without_underscores = text.replace('_', "");
        &without_underscores
    } else {
        text
    };
    let unsigned = strip_sign(text);
    if let Some((radix, digits)) = radix_prefix(unsigned) {
        // Go's yaml also takes a sign after an unsigned `0b` or `0o`.
        let digits = if text.starts_with("0b") || text.starts_with("0o") {
            strip_sign(digits)
        } else {
            digits
        };
        return all_digits(digits, radix);
    }
    let mantissa = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            if !all_digits(strip_sign(exponent), 10) {
                return false;
            }
            mantissa
        }
        None => unsigned,
    };
    match mantissa.split_once('.') {
        // YAML 1.1's float pattern takes an empty whole part and any digits
        // and dots after the first dot: `.`, `1.`, `0.1.0`.
        Some((whole, fraction)) => {
            (whole.is_empty() || all_digits(whole, 10))
                && fraction.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        }
        None => all_digits(mantissa, 10),
    }
}

fn strip_sign(text: &str) -> &str {
    text.strip_prefix(['+', '-']).unwrap_or(text)
}

fn radix_prefix(text: &str) -> Option<(u32, &str)> {
    let radix = match text.as_bytes() {
        [b'0', b'b' | b'B', ..] => 2,
        [b'0', b'o' | b'O', ..] => 8,
        [b'0', b'x' | b'X', ..] => 16,
        _ => return None,
    };
    Some((radix, &text[2..]))
}

/// At least one digit, and nothing else.
fn all_digits(text: &str, radix: u32) -> bool {
    !text.is_empty() && text.bytes().all(|b| char::from(b).is_digit(radix))
}

/// YAML 1.1's base 60 numbers: `190:20:30`, `1:30.5`, with an optional
/// sign; every part after the first is one or two digits below 60.
fn is_base_60(text: &str) -> bool {
    let unsigned = strip_sign(text);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let Some((first, rest)) = integer.split_once(':') else {
        return false;
    };
    let first_ok = match first.as_bytes() {
        [] => false,
        // An integer does not start with 0; a float may.
        [b'0', ..] if fraction.is_none() => false,
        [lead, ..] => {
            lead.is_ascii_digit() && first.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        }
    };
    first_ok
        && rest.split(':').all(|part| match part.as_bytes() {
            [unit] => unit.is_ascii_digit(),
            [tens, unit] => (b'0'..=b'5').contains(tens) && unit.is_ascii_digit(),
            _ => false,
        })
        && fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'_'))
}

/// YAML 1.1 timestamps, as loose as Go's yaml reads them: a date
/// `YYYY-M-D`, optionally followed by a time `H:M:S`, a fraction, and a zone.
fn is_timestamp(text: &str) -> bool {
    /// Takes a run of `min..=max` digits from the front of `rest`.
    fn digits(rest: &mut &str, min: usize, max: usize) -> bool {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        *rest = &rest[n..];
        (min..=max).contains(&n)
    }
    fn byte(rest: &mut &str, one_of: &[u8]) -> bool {
        match rest.as_bytes().first() {
            Some(b) if one_of.contains(b) => {
                *rest = &rest[1..];
                true
            }
            _ => false,
        }
    }
    fn blanks(rest: &mut &str) -> usize {
        let n = rest
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        *rest = &rest[n..];
        n
    }
    /// `Y-M-D` or `H:M:S`: three runs of digits split by `sep`, the first
    /// of `first` digits and the others of one or two.
    fn three(rest: &mut &str, first: (usize, usize), sep: &[u8]) -> bool {
        digits(rest, first.0, first.1)
            && byte(rest, sep)
            && digits(rest, 1, 2)
            && byte(rest, sep)
            && digits(rest, 1, 2)
    }
    let mut rest = text;
    if !three(&mut rest, (4, 4), b"-") {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let time = (byte(&mut rest, b"Tt") || blanks(&mut rest) > 0) && three(&mut rest, (1, 2), b":");
    if !time {
        return false;
    }
    // A fraction, after a dot or (as Go reads it) a comma.
    if byte(&mut rest, b".,") {
        digits(&mut rest, 0, usize::MAX);
    }
    blanks(&mut rest);
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    // A zone: `+H`, `-HH`, `+HH:MM`.
    byte(&mut rest, b"+-")
        && digits(&mut rest, 1, 2)
        && (!byte(&mut rest, b":") || digits(&mut rest, 2, 2))
        && rest.is_empty()
}

/// `text` in double quotes, with the escapes of the module docs.
fn write_double_quoted(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('"');
    let bytes = text.as_bytes();
    // `text[start..i]` is written as it is once an escape or the end comes.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Printable ASCII but `"` and `\`, most of any text, is kept as it
        // is: one test rather than the match below.
        if (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        // The escape for the character at `i` and its length in bytes; the
        // characters past ASCII are found by their UTF-8 bytes.
        let (escape, width): (&str, usize) = match b {
            b'"' => ("\\\"", 1),
            b'\\' => ("\\\\", 1),
            0x00 => ("\\0", 1),
            0x07 => ("\\a", 1),
            0x08 => ("\\b", 1),
            b'\t' => ("\\t", 1),
            b'\n' => ("\\n", 1),
            0x0B => ("\\v", 1),
            0x0C => ("\\f", 1),
            b'\r' => ("\\r", 1),
            0x1B => ("\\e", 1),
            0x01..=0x1F | 0x7F => ("", 1),
            // U+0080 to U+009F, the C1 controls.
            0xC2 if matches!(bytes[i + 1], 0x80..=0x9F) => {
                if bytes[i + 1] == 0x85 {
                    ("\\N", 2)
                } else {
                    ("", 2)
                }
            }
            0xE2 if bytes[i + 1] == 0x80 && matches!(bytes[i + 2], 0xA8 | 0xA9) => {
                (if bytes[i + 2] == 0xA8 { "\\L" } else { "\\P" }, 3)
            }
            0xEF if bytes[i + 1..].starts_with(&[0xBB, 0xBF]) => ("\\uFEFF", 3),
            0xEF if bytes[i + 1..].starts_with(&[0xBF, 0xBE]) => ("\\uFFFE", 3),
            0xEF if bytes[i + 1..].starts_with(&[0xBF, 0xBF]) => ("\\uFFFF", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            // `\xHH` for the other controls: the code point is the last byte
            // for both U+0000..U+007F and U+0080..U+009F.
            let code = bytes[i + width - 1];
            out.push_str("\\x");
            out.push(char::from(HEX[usize::from(code >> 4)]));
            out.push(char::from(HEX[usize::from(code & 0xF)]));
        } else {
            out.push_str(escape);
        }
        i += width;
        start = i;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use indexmap::IndexMap;
    use proptest::prelude::*;
    use serde::Serialize;

    /// A value that serializes through `collect_str`, as `Display` values do.
    pub(in crate::emit::cloudformation) struct Shown(
        pub(in crate::emit::cloudformation) &'static str,
    );

    impl Serialize for Shown {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self.0)
        }
    }

    /// The oracle: serde-saphyr, set up as the template used it.
    fn saphyr<T: Serialize>(value: &T) -> String {
        let mut options = serde_saphyr::SerializerOptions::default();
        options.prefer_block_scalars = false;
        let mut out = String::new();
        serde_saphyr::to_fmt_writer_with_options(&mut out, value, options).unwrap();
        out
    }

    fn ours<T: Serialize>(value: &T) -> String {
        let mut out = String::new();
        write(&mut out, value).unwrap();
        out
    }

    fn scalar(text: &str, at: Position) -> String {
        let mut out = String::new();
        write_scalar(&mut out, text, at);
        out
    }

    /// How serde-saphyr writes `text` as a list item and as a key.
    fn saphyr_scalars(text: &str) -> (String, String) {
        let value = saphyr(&[text]);
        let value = value
            .strip_prefix("- ")
            .unwrap()
            .strip_suffix('\n')
            .unwrap();
        let key = saphyr(&IndexMap::from([(text, "v")]));
        let key = key.strip_suffix(": v\n").unwrap();
        (value.to_string(), key.to_string())
    }

    fn assert_like_saphyr(text: &str) {
        let (value, key) = saphyr_scalars(text);
        assert_eq!(scalar(text, Position::Value), value, "value {text:?}");
        assert_eq!(scalar(text, Position::Key), key, "key {text:?}");
    }

    /// `text` is written as `value` in a value and as `key` in a key, as
    /// serde-saphyr writes it.
    fn assert_written(text: &str, value: &str, key: &str) {
        assert_eq!(scalar(text, Position::Value), value, "value {text:?}");
        assert_eq!(scalar(text, Position::Key), key, "key {text:?}");
        assert_like_saphyr(text);
    }

    /// A YAML document of strings, lists and maps (and a JSON one, in the
    /// JSON writer's tests).
    #[derive(Debug, Clone, Serialize)]
    #[serde(untagged)]
    pub(in crate::emit::cloudformation) enum Tree {
        Str(String),
        List(Vec<Tree>),
        Map(IndexMap<String, Tree>),
    }

    fn s(text: &str) -> Tree {
        Tree::Str(text.to_string())
    }

    fn list<const N: usize>(items: [Tree; N]) -> Tree {
        Tree::List(items.into())
    }

    fn map<const N: usize>(entries: [(&str, Tree); N]) -> Tree {
        Tree::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// Our YAML for `tree` is serde-saphyr's, and reads back as `tree`.
    fn check(tree: &Tree) -> Result<(), TestCaseError> {
        let yaml = ours(tree);
        prop_assert_eq!(&yaml, &saphyr(tree));
        let back: serde_json::Value = serde_saphyr::from_str(&yaml)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        prop_assert_eq!(back, serde_json::to_value(tree).unwrap(), "{}", yaml);
        Ok(())
    }

    #[test]
    fn scalars_of_the_template() {
        // (text, as a value, as a key)
        let cases = [
            ("AWS::IAM::Role", "AWS::IAM::Role", r#""AWS::IAM::Role""#),
            ("Fn::Sub", "Fn::Sub", r#""Fn::Sub""#),
            ("s3:ListBucket", "s3:ListBucket", r#""s3:ListBucket""#),
            ("aws:SourceArn", "aws:SourceArn", r#""aws:SourceArn""#),
            (
                "SageMakerAssumeRole",
                "SageMakerAssumeRole",
                "SageMakerAssumeRole",
            ),
            ("2010-09-09", r#""2010-09-09""#, r#""2010-09-09""#),
            ("2012-10-17", r#""2012-10-17""#, r#""2012-10-17""#),
            ("0.1.0", r#""0.1.0""#, r#""0.1.0""#),
            ("777788889999", r#""777788889999""#, r#""777788889999""#),
            ("true", r#""true""#, r#""true""#),
            ("false", r#""false""#, r#""false""#),
            ("", r#""""#, r#""""#),
            ("/sagemaker/", "/sagemaker/", "/sagemaker/"),
            (
                "../../sagerole.json",
                "../../sagerole.json",
                "../../sagerole.json",
            ),
            (
                "arn:${AWS::Partition}:s3:::b/${!aws:PrincipalTag/team}/*",
                "arn:${AWS::Partition}:s3:::b/${!aws:PrincipalTag/team}/*",
                r#""arn:${AWS::Partition}:s3:::b/${!aws:PrincipalTag/team}/*""#,
            ),
            ("${aws:username}", "${aws:username}", r#""${aws:username}""#),
            (
                r"^$|^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$",
                r"^$|^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$",
                r#""^$|^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$""#,
            ),
            (
                "train: read the inputs (AWS guide)",
                r#""train: read the inputs (AWS guide)""#,
                r#""train: read the inputs (AWS guide)""#,
            ),
            (
                "an ARN, or empty",
                "an ARN, or empty",
                r#""an ARN, or empty""#,
            ),
        ];
        for (text, value, key) in cases {
            assert_written(text, value, key);
        }
    }

    #[test]
    fn scalars_that_read_as_other_types_are_quoted() {
        #[rustfmt::skip]
        let other_types = [
            "~", "null", "Null", "NULL", "nULl", "true", "True", "TRUE", "False", "yes", "Yes",
            "NO", "on", "Off", "y", "Y", "n", "N", "nan", "NaN", "inf", "+inf", "-Inf", ".inf",
            "-.inf", "+.INF", ".nan", ".NaN", "0", "-1", "+12", "007", "1_000", "1__0", "_1",
            "0x1F", "0X1f", "+0x_1", "0o17", "0b101", "0b-1", "0_x1", "1.5", ".5", "1.", "..", "-.",
            "1.2.3", "1e3", "1E+3", "-2e-05", "1.5e3", "1:30", "190:20:30", "-1:30", "0:30.5",
            "1:30.", "2001-12-14", "2001-1-1", "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43,5Z", "2001-12-14T1:2:3", "<<", "=",
        ];
        for text in other_types {
            let quoted = format!("\"{text}\"");
            assert_written(text, &quoted, &quoted);
        }
        #[rustfmt::skip]
        let strings = [
            "nulls", "truth", "yess", "o", "infinity", "0x", "0xG", "1e", "e3", "1:60", "0:30",
            "1.5e", "20011-12-14", "2001-12-145", "2001-12-14x", "2001-12-14T21:59",
            "2001-12-14 21:59:43 +0530", "_", "+", "1-2", "<", "==", "v1", "1a",
        ];
        for text in strings {
            assert_eq!(scalar(text, Position::Value), text, "value {text:?}");
            assert_like_saphyr(text);
        }
    }

    #[test]
    fn structure_in_scalars_is_quoted() {
        // (text, as a value, as a key)
        let cases = [
            ("- item", r#""- item""#, r#""- item""#),
            ("-item", "-item", "-item"),
            ("? x", r#""? x""#, r#""? x""#),
            ("?x", "?x", "?x"),
            ("-", "'-'", r#""-""#),
            (".", "'.'", r#"".""#),
            ("#", "'#'", r##""#""##),
            ("?", r#""?""#, r#""?""#),
            ("a: b", r#""a: b""#, r#""a: b""#),
            ("a:b", "a:b", r#""a:b""#),
            ("a:", r#""a:""#, r#""a:""#),
            ("a:\u{3000}", "\"a:\u{3000}\"", "\"a:\u{3000}\""),
            ("a #b", r##""a #b""##, r##""a #b""##),
            ("a\u{a0}#b", "\"a\u{a0}#b\"", "\"a\u{a0}#b\""),
            ("a#b", "a#b", "a#b"),
            ("#b", r##""#b""##, r##""#b""##),
            ("x{y}", "x{y}", r#""x{y}""#),
            ("[x]", r#""[x]""#, r#""[x]""#),
            ("a,b", "a,b", r#""a,b""#),
            ("&a", r#""&a""#, r#""&a""#),
            ("*a", r#""*a""#, r#""*a""#),
            ("!tag", r#""!tag""#, r#""!tag""#),
            ("|", r#""|""#, r#""|""#),
            (">x", r#"">x""#, r#"">x""#),
            ("%x", r#""%x""#, r#""%x""#),
            ("@x", r#""@x""#, r#""@x""#),
            ("`x`", r#""`x`""#, r#""`x`""#),
            ("'x'", r#""'x'""#, r#""'x'""#),
            ("it's", "it's", "it's"),
            (r#""x""#, r#""\"x\"""#, r#""\"x\"""#),
            (r#"say "hi""#, r#"say "hi""#, r#"say "hi""#),
            (r"back\slash", r"back\slash", r"back\slash"),
            (" lead", r#"" lead""#, r#"" lead""#),
            ("trail ", r#""trail ""#, r#""trail ""#),
            ("---", r#""---""#, r#""---""#),
            ("--- x", r#""--- x""#, r#""--- x""#),
            ("---x", "---x", "---x"),
            ("...", r#""...""#, r#""...""#),
            ("é ✓ 😀", "é ✓ 😀", "é ✓ 😀"),
        ];
        for (text, value, key) in cases {
            assert_written(text, value, key);
        }
    }

    #[test]
    fn escapes_in_double_quotes() {
        let cases = [
            ("line\nbreak", r#""line\nbreak""#),
            ("tab\there", r#""tab\there""#),
            ("cr\r", r#""cr\r""#),
            ("\0\u{7}\u{8}\u{b}\u{c}\u{1b}", r#""\0\a\b\v\f\e""#),
            ("\u{1}\u{1f}\u{7f}", r#""\x01\x1F\x7F""#),
            ("\u{80}\u{85}\u{9f}", r#""\x80\N\x9F""#),
            ("a\u{2028}b\u{2029}", r#""a\Lb\P""#),
            ("\u{feff}bom", r#""\uFEFFbom""#),
            ("\u{fffe}\u{ffff}", r#""\uFFFE\uFFFF""#),
            ("q\"b\\\n", r#""q\"b\\\n""#),
            (
                "\u{a0}é\u{2027}\u{fffd}\u{10ffff}\n",
                "\"\u{a0}é\u{2027}\u{fffd}\u{10ffff}\\n\"",
            ),
        ];
        for (text, quoted) in cases {
            assert_written(text, quoted, quoted);
        }
    }

    /// Every string of up to three characters from those that YAML's
    /// resolution and indicators turn on, and up to four of number characters.
    #[test]
    fn short_strings_are_written_as_serde_saphyr_writes_them() {
        fn all(alphabet: &[char], up_to: usize) -> Vec<String> {
            let mut all = vec![String::new()];
            let mut last = vec![String::new()];
            for _ in 0..up_to {
                last = last
                    .iter()
                    .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                    .collect();
                all.extend(last.iter().cloned());
            }
            all
        }
        let mixed = [
            '0', '1', '_', '.', 'e', 'x', '+', '-', ':', ' ', '#', '~', '<', '=', 'n', 'y', 'o',
            ',', '?', '{', '"', '\t', '\u{a0}', '\u{85}',
        ];
        let numeric = [
            '0', '1', '6', '9', '_', '.', 'e', 'E', 'x', 'b', 'o', '+', '-', ':',
        ];
        for text in all(&mixed, 3).iter().chain(&all(&numeric, 4)) {
            assert_like_saphyr(text);
        }
    }

    #[test]
    fn layout_of_maps_and_lists() {
        let tree = map([
            ("a", s("x")),
            (
                "list",
                list([
                    s("1"),
                    map([
                        ("k", s("v")),
                        ("k2", list([s("c")])),
                        ("k3", map([("m", s("d"))])),
                    ]),
                    list([
                        s("p"),
                        list([s("q"), s("r")]),
                        map([("t", s("u")), ("w", s("z"))]),
                    ]),
                    list([]),
                    map([]),
                ]),
            ),
            ("empty", map([])),
            ("none", list([])),
            ("nested", map([("deeper", map([("z", s("w"))]))])),
        ]);
        let expected = "\
a: x
list:
- \"1\"
- k: v
  k2:
  - c
  k3:
    m: d
- - p
  - - q
    - r
  - t: u
    w: z
- []
- {}
empty: {}
none: []
nested:
  deeper:
    z: w
";
        assert_eq!(ours(&tree), expected);
        check(&tree).unwrap();
        for root in [
            s("x"),
            s("true"),
            list([]),
            map([]),
            list([s("a"), list([])]),
        ] {
            check(&root).unwrap();
        }
    }

    #[test]
    fn keys_past_1024_characters_are_explicit() {
        let long = "k".repeat(1025);
        let quoted = "é".repeat(1023) + " ";
        for key in [&long, &quoted, &"k".repeat(1024), &"é".repeat(1024)] {
            for value in [
                s("v"),
                map([("a", s("1")), ("b", map([("c", s("d"))]))]),
                list([s("a"), s("b")]),
                map([]),
                list([]),
            ] {
                let tree = map([(key.as_str(), value.clone()), ("next", s("x"))]);
                check(&tree).unwrap();
                check(&list([tree])).unwrap();
            }
        }
        let tree = map([(long.as_str(), map([("a", s("1")), ("b", s("2"))]))]);
        assert_eq!(ours(&tree), format!("? {long}\n: a: \"1\"\n  b: \"2\"\n"));
    }

    #[test]
    fn display_values_are_quoted_like_strings() {
        let texts = ["plain", "needs: quotes", "true", "-", "", "a\nb", "Fn::Sub"];
        let entries: Vec<(Shown, Shown)> = texts.iter().map(|t| (Shown(t), Shown(t))).collect();
        struct Entries<'a>(&'a [(Shown, Shown)]);
        impl Serialize for Entries<'_> {
            fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
            }
        }
        let by_str: IndexMap<&str, &str> = texts.iter().map(|t| (*t, *t)).collect();
        assert_eq!(ours(&Entries(&entries)), saphyr(&by_str));
    }

    #[test]
    fn shapes_the_template_has_not_are_refused() {
        assert!(write(&mut String::new(), &1u8).is_err());
        assert!(write(&mut String::new(), &true).is_err());
        assert!(write(&mut String::new(), &IndexMap::from([(1u8, "x")])).is_err());
    }

    /// Text made of the pieces that YAML reads as structure or as another
    /// type, quotes and escapes, IAM variables, unicode, and any character.
    pub(in crate::emit::cloudformation) fn text() -> impl Strategy<Value = String> {
        #[rustfmt::skip]
        let pieces = prop::sample::select(vec![
            "a", "Z", "0", " ", "  ", "true", "True", "YES", "no", "on", "Off", "y", "N", "null",
            "~", "<<", "=", "nan", ".inf", "-.Inf", "+inf", "---", "...", "-", "- ", "?", "? ", ":",
            ": ", "::", "#", " #", "\t", "\n", "\r\n", "\"", "'", "\\", "{", "}", "[", "]", ",",
            "&", "*", "!", "|", ">", "%", "@", "`", "${aws:username}", "${!x}", "${", "Fn::Sub",
            "arn:aws:s3:::b/*", "é", "✓", "😀", "\u{85}", "\u{a0}", "\u{2028}", "\u{2029}",
            "\u{feff}", "\u{fffe}", "\u{ffff}", "\u{3000}", "\u{7f}", "\u{0}", "\u{1b}", "0x1F",
            "0o7", "0b1", "1_000", "1:30", "190:20:30.15", "0.1.0", "1e3", "2010-09-09",
            "2001-12-14 21:59:43.10 -5", "777788889999",
        ]);
        let piece = prop_oneof![
            4 => pieces.prop_map(|piece| piece.to_string()),
            2 => any::<char>().prop_map(String::from),
            1 => "[0-9_.eExob+:-]{1,6}",
            1 => concat!(
                "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
                "([Tt ][0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)? ?(Z|[+-][0-9]{1,2}(:[0-9]{2})?)?)?",
            ),
        ];
        prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
    }

    pub(in crate::emit::cloudformation) fn tree() -> impl Strategy<Value = Tree> {
        text()
            .prop_map(Tree::Str)
            .prop_recursive(4, 40, 5, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(Tree::List),
                    prop::collection::vec((text(), inner), 0..5)
                        .prop_map(|entries| Tree::Map(entries.into_iter().collect())),
                ]
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any string, as a key, a value and list items, reads back as itself
        /// and is written as serde-saphyr writes it.
        #[test]
        fn any_string_reads_back_and_matches_serde_saphyr(
            key in text(),
            value in text(),
            items in prop::collection::vec(text(), 0..3),
        ) {
            let mut entries = IndexMap::new();
            entries.insert(key.clone(), Tree::Str(value.clone()));
            entries.insert(value, Tree::List(items.into_iter().map(Tree::Str).collect()));
            entries.insert("k".to_string(), Tree::Map(IndexMap::from([(key, s("v"))])));
            check(&Tree::Map(entries))?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Any nesting of maps and lists is laid out as serde-saphyr lays it out.
        #[test]
        fn any_tree_reads_back_and_matches_serde_saphyr(tree in tree()) {
            check(&tree)?;
        }
    }
}
