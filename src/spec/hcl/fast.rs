//! The fast path of the HCL front end: a direct parse of the plain HCL that
//! specs are written in, straight into the [`Node`] tree.
//!
//! hcl-edit builds a full syntax tree with decor (whitespace and comments)
//! through parser combinators, which [`super::Lowering`] then maps onto a
//! `Node` tree; for a spec of thousands of workloads that is most of the
//! front end's time. This module reads the common subset of the syntax in
//! one pass and builds the `Node` tree that the full path would build, byte
//! spans included.
//!
//! # The subset
//!
//! - Attributes `name = value` and blocks `type "label" name { ... }` at the
//!   top level and in blocks, each structure ending its line; one-line blocks
//!   `type { }` and `type { name = value }`.
//! - Values: quoted strings holding no `\`, `$`, `%` or line break; numbers
//!   (`1`, `-1`, `1.5`, `1e3`, `10E-2`, `007`) kept as written; `true`,
//!   `false`, `null`; lists `[ ... ]` with line breaks, comments and a
//!   trailing comma; objects `{ name = value }` whose keys are names or quoted
//!   strings, items separated by `,` or line breaks.
//! - Spaces, tabs, `\n` line breaks and `#`, `//` and `/* */` comments
//!   wherever hcl-edit allows them.
//! - ASCII names only, and at most [`MAX_DEPTH`] levels of nesting.
//!
//! # Why falling back keeps it safe
//!
//! [`parse`] returns a tree only for text that hcl-edit parses without error
//! *and* that the lowering turns into a tree without a diagnostic; on
//! anything else (a heredoc, an escape, a template, a reference, a function
//! call, an operator, an object key written `key: value`, a repeated
//! attribute or object key, a `\r`, a name with non-ASCII letters, a
//! malformed number, a missing brace or quote, ...) it returns `None` the
//! moment it sees it, and [`super::parse`] runs hcl-edit as before. Every
//! syntax error, every diagnostic and every construct outside the subset
//! therefore still comes from the full path, with today's messages; the fast
//! path never needs a message of its own, or the spec paths the lowering
//! puts in them.
//!
//! The rules below follow hcl-edit 0.10's grammar (`parser/structure.rs`,
//! `parser/expr.rs`, `parser/trivia.rs`); where it is lenient in ways this
//! parser does not reproduce, the fast path declines rather than guesses. The
//! tests compare both paths on every spec in the repository and on generated
//! text.

use crate::diagnostic::Span;
use crate::spec::tree::{Entry, Node, Value};

/// Nesting levels (blocks, lists and objects) the fast path reads. hcl-edit
/// rejects more than 64 (`parser/nesting.rs`); specs need three or four.
const MAX_DEPTH: usize = 16;

/// Parses `text` into the tree [`super::parse`] would return, or `None` when
/// the text is not in the subset this module reads (see the module docs).
pub(super) fn parse(text: &str) -> Option<Node> {
    // hcl-edit takes `\r\n` as a line break, but a lone `\r` is an error even
    // in a comment; CRLF specs are rare enough to leave all of that to it.
    if text.contains('\r') {
        return None;
    }
    let mut parser = Parser {
        text,
        at: 0,
        depth: 0,
        names: Vec::new(),
    };
    let entries = parser.body(false)?;
    Some(Node {
        span: Span::new(0, text.len()),
        value: Value::Map(entries),
    })
}

struct Parser<'a> {
    text: &'a str,
    /// The byte offset of the next unread byte.
    at: usize,
    depth: usize,
    /// The attribute names of the bodies and the keys of the objects being
    /// read, innermost last, to decline repeats the way hcl-edit rejects them.
    names: Vec<&'a str>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.text.as_bytes().get(self.at + ahead).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// Spaces, tabs and `/* */` comments: what hcl-edit allows inside a line
    /// (`sp`). A `/* */` comment may itself hold line breaks.
    fn space(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.at += 1,
                Some(b'/') if self.peek_at(1) == Some(b'*') => {
                    match self.text[self.at + 2..].find("*/") {
                        Some(end) => self.at += 2 + end + 2,
                        // Unclosed: the caller meets the `/` and declines.
                        None => return,
                    }
                }
                _ => return,
            }
        }
    }

    /// A `#` or `//` comment, if one starts here, up to its line break.
    fn line_comment(&mut self) {
        let starts = match self.peek() {
            Some(b'#') => true,
            Some(b'/') => self.peek_at(1) == Some(b'/'),
            _ => false,
        };
        if starts {
            let rest = &self.text.as_bytes()[self.at..];
            self.at += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        }
    }

    /// Line breaks and every kind of comment too: what hcl-edit allows
    /// between structures and around list items (`ws`).
    fn blank(&mut self) {
        loop {
            self.space();
            match self.peek() {
                Some(b'\n') => self.at += 1,
                Some(b'#') => self.line_comment(),
                Some(b'/') if self.peek_at(1) == Some(b'/') => self.line_comment(),
                _ => return,
            }
        }
    }

    /// The structures of the file, or of a block (`in_block`) up to its `}`,
    /// which is left for the caller to read.
    fn body(&mut self, in_block: bool) -> Option<Vec<Entry>> {
        let names = self.names.len();
        let mut entries = Vec::new();
        loop {
            self.blank();
            match self.peek() {
                None if !in_block => break,
                Some(b'}') if in_block => break,
                Some(byte) if is_name_start(byte) => {}
                _ => return None,
            }
            let (key, key_span) = self.name()?;
            self.space();
            let entry = if self.peek() == Some(b'=') {
                // Only attributes must be unique: blocks repeat, and a block
                // may share an attribute's name (hcl-edit's `is_redefined`).
                self.names.push(key);
                self.attribute(key, key_span)?
            } else {
                self.block(key, key_span)?
            };
            entries.push(entry);
            // Every structure ends its line, after an optional comment.
            self.space();
            self.line_comment();
            if !self.eat(b'\n') && self.peek().is_some() {
                return None;
            }
        }
        self.unique_names_since(names).then_some(entries)
    }

    /// `= value`, after the name.
    fn attribute(&mut self, key: &str, key_span: Span) -> Option<Entry> {
        self.at += 1;
        self.space();
        let value = self.value()?;
        Some(Entry {
            key: key.to_string(),
            key_span,
            value,
        })
    }

    /// Labels and body, after the block type. The tree is the one
    /// [`super::Lowering::block`] builds: `type "l1" "l2" { body }` becomes
    /// `type = { l1 = { l2 = { body } } }`, the body's map spanning from its
    /// `{` and each label's map from the label.
    fn block(&mut self, ident: &str, ident_span: Span) -> Option<Entry> {
        let mut labels = Vec::new();
        loop {
            let label = match self.peek() {
                Some(b'"') => self.string()?,
                Some(byte) if is_name_start(byte) => self.name()?,
                _ => break,
            };
            labels.push(label);
            self.space();
        }
        let open = self.at;
        if !self.eat(b'{') {
            return None;
        }
        self.enter()?;
        let entries = self.block_body()?;
        self.depth -= 1;
        let end = self.at;

        let mut value = Node {
            span: Span::new(open, end),
            value: Value::Map(entries),
        };
        for &(label, label_span) in labels.iter().rev() {
            value = Node {
                span: Span::new(label_span.start, end),
                value: Value::Map(vec![Entry {
                    key: label.to_string(),
                    key_span: label_span,
                    value,
                }]),
            };
        }
        Some(Entry {
            key: ident.to_string(),
            key_span: ident_span,
            value,
        })
    }

    /// A block's body after its `{`, through its `}`.
    fn block_body(&mut self) -> Option<Vec<Entry>> {
        self.space();
        self.line_comment();
        if self.eat(b'\n') {
            let entries = self.body(true)?;
            // `body` stopped at the `}`.
            self.at += 1;
            return Some(entries);
        }
        // hcl-edit's one-line block: nothing, or one attribute, then `}` on
        // the same line.
        let mut entries = Vec::new();
        if self.peek().is_some_and(is_name_start) {
            let (key, key_span) = self.name()?;
            self.space();
            if self.peek() != Some(b'=') {
                return None;
            }
            entries.push(self.attribute(key, key_span)?);
            self.space();
        }
        self.eat(b'}').then_some(entries)
    }

    fn value(&mut self) -> Option<Node> {
        let start = self.at;
        let value = match self.peek()? {
            b'"' => Value::String(self.string()?.0.to_string()),
            b'[' => self.list()?,
            b'{' => self.object()?,
            b'0'..=b'9' | b'-' => {
                self.number()?;
                Value::Number(self.text[start..self.at].to_string())
            }
            byte if is_name_start(byte) => match self.name()?.0 {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                // A reference or a function call.
                _ => return None,
            },
            _ => return None,
        };
        Some(Node {
            span: Span::new(start, self.at),
            value,
        })
    }

    /// `[ value, ... ]`. After each item hcl-edit looks past line breaks and
    /// comments for an operator, `?`, `.` or `[` that would continue it;
    /// requiring `,` or `]` there rules all of those out.
    fn list(&mut self) -> Option<Value> {
        self.at += 1;
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.blank();
            if self.eat(b']') {
                break;
            }
            items.push(self.value()?);
            self.blank();
            if self.eat(b']') {
                break;
            }
            if !self.eat(b',') {
                return None;
            }
        }
        self.depth -= 1;
        Some(Value::List(items))
    }

    /// `{ key = value, ... }` with names or quoted strings as keys.
    fn object(&mut self) -> Option<Value> {
        self.at += 1;
        self.enter()?;
        let names = self.names.len();
        let mut entries = Vec::new();
        loop {
            self.blank();
            if self.eat(b'}') {
                break;
            }
            let (key, key_span) = match self.peek()? {
                b'"' => self.string()?,
                byte if is_name_start(byte) => match self.name()? {
                    // Keywords are values, not names, as keys; a leading
                    // `for` may start a for expression.
                    ("true" | "false" | "null" | "for", _) => return None,
                    name => name,
                },
                _ => return None,
            };
            self.space();
            // `key: value` is HCL too, but rare in specs; `==` would make
            // the key an operation.
            if !self.eat(b'=') || self.peek() == Some(b'=') {
                return None;
            }
            self.space();
            let value = self.value()?;
            self.names.push(key);
            entries.push(Entry {
                key: key.to_string(),
                key_span,
                value,
            });
            self.space();
            match self.peek()? {
                b'}' => {
                    self.at += 1;
                    break;
                }
                b',' | b'\n' => self.at += 1,
                _ => {
                    // A comment before the line break, as in hcl-edit's
                    // `object_items`: nothing else may follow a value.
                    self.line_comment();
                    if !self.eat(b'\n') {
                        return None;
                    }
                }
            }
        }
        self.depth -= 1;
        self.unique_names_since(names)
            .then_some(Value::Map(entries))
    }

    /// A quoted string without escapes, template markers (`${`, `%{` and
    /// their `$${`, `%%{` escapes) or line breaks: its text, and its span
    /// with the quotes.
    fn string(&mut self) -> Option<(&'a str, Span)> {
        let start = self.at;
        let body = start + 1;
        let rest = self.text.as_bytes().get(body..)?;
        let len = rest
            .iter()
            .position(|&b| matches!(b, b'"' | b'\\' | b'$' | b'%' | b'\n'))?;
        if rest[len] != b'"' {
            return None;
        }
        self.at = body + len + 1;
        Some((&self.text[body..body + len], Span::new(start, self.at)))
    }

    /// A number as hcl-edit reads one (`parser/number.rs`): digits, then an
    /// optional fraction and exponent, with a `-` right before it.
    fn number(&mut self) -> Option<()> {
        self.eat(b'-');
        let start = self.at;
        self.digits()?;
        // `1.` is the number 1 and a traversal, for hcl-edit.
        if self.eat(b'.') {
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digits()?;
        }
        // hcl-edit cannot represent a number beyond f64's range (`1e999`)
        // and fails to parse it.
        let number: f64 = self.text[start..self.at].parse().ok()?;
        number.is_finite().then_some(())
    }

    fn digits(&mut self) -> Option<()> {
        let rest = &self.text.as_bytes()[self.at..];
        let len = rest
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(rest.len());
        self.at += len;
        (len > 0).then_some(())
    }

    /// An ASCII name, starting at a byte [`is_name_start`] accepts. A name
    /// that runs on into a non-ASCII character is left to hcl-edit, which
    /// knows Unicode's identifier characters.
    fn name(&mut self) -> Option<(&'a str, Span)> {
        let start = self.at;
        let rest = &self.text.as_bytes()[start..];
        let len = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .unwrap_or(rest.len());
        if !rest.get(len).is_none_or(u8::is_ascii) {
            return None;
        }
        self.at = start + len;
        Some((&self.text[start..self.at], Span::new(start, self.at)))
    }

    /// Whether the names pushed since `mark` are all different; drops them.
    /// hcl-edit rejects a repeated attribute in a body and a repeated key in
    /// an object. Keys compare as text, so `a` and `"a"` count as a repeat
    /// whether or not hcl-edit would see one: declining is always safe.
    fn unique_names_since(&mut self, mark: usize) -> bool {
        let names = &mut self.names[mark..];
        // Bodies hold a handful of attributes: compare them pairwise, and
        // sort only a long list.
        let unique = if names.len() <= 8 {
            names
                .iter()
                .enumerate()
                .all(|(i, name)| !names[..i].contains(name))
        } else {
            names.sort_unstable();
            names.windows(2).all(|pair| pair[0] != pair[1])
        };
        self.names.truncate(mark);
        unique
    }
}

/// The first byte of an ASCII name (hcl-edit's `is_id_start`, within ASCII).
fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    use super::*;
    use crate::diagnostic::Source;

    /// Whether the fast path handles `text`, after checking that a tree it
    /// returns is exactly the full path's, spans included.
    fn agrees(text: &str) -> bool {
        let Some(fast) = parse(text) else {
            return false;
        };
        match super::super::parse_with_hcl_edit(&Source::new("spec.hcl", text)) {
            Ok(full) => {
                if let Some(difference) = difference(&fast, &full, "") {
                    panic!("the paths disagree at {difference}, for {}", excerpt(text));
                }
            }
            Err(diagnostics) => panic!(
                "the fast path read what the full path rejects: {}\n{diagnostics:#?}",
                excerpt(text)
            ),
        }
        true
    }

    /// Short enough to print a synthetic spec's failure.
    fn excerpt(text: &str) -> String {
        const MAX: usize = 2000;
        match text.char_indices().nth(MAX) {
            Some((end, _)) => format!("{:?}...", &text[..end]),
            None => format!("{text:?}"),
        }
    }

    /// The first place where two trees differ (`at` is its key path), with
    /// the fast path's side first.
    fn difference(fast: &Node, full: &Node, at: &str) -> Option<String> {
        if fast.span != full.span {
            return Some(format!("{at:?}: span {:?}, not {:?}", fast.span, full.span));
        }
        match (&fast.value, &full.value) {
            (Value::List(fast), Value::List(full)) if fast.len() == full.len() => fast
                .iter()
                .zip(full)
                .enumerate()
                .find_map(|(i, (fast, full))| difference(fast, full, &format!("{at}[{i}]"))),
            (Value::Map(fast), Value::Map(full)) if fast.len() == full.len() => {
                fast.iter().zip(full).find_map(|(fast, full)| {
                    let at = format!("{at}.{}", full.key);
                    if (&fast.key, fast.key_span) != (&full.key, full.key_span) {
                        let (key, span) = (&fast.key, fast.key_span);
                        return Some(format!("{at:?}: key {key:?} at {span:?}, not {full:?}"));
                    }
                    difference(&fast.value, &full.value, &at)
                })
            }
            (fast, full) if fast != full => Some(format!("{at:?}: {fast:?}, not {full:?}")),
            _ => None,
        }
    }

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The `.hcl` files in `dir`, and in its subfolders when `nested`.
    fn specs(dir: &str, nested: bool) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if nested && path.is_dir() {
                found.push(path.join("sagerole.hcl"));
            } else if path.extension().is_some_and(|ext| ext == "hcl") {
                found.push(path);
            }
        }
        found.retain(|path| path.is_file());
        found.sort();
        found
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn examples_and_init_templates_take_the_fast_path() {
        let examples = specs("examples", true);
        let templates = specs("templates/init", false);
        assert!(examples.len() >= 5 && templates.len() >= 5);
        for path in examples.iter().chain(&templates) {
            assert!(agrees(&read(path)), "{} falls back", path.display());
        }
    }

    #[test]
    fn error_and_diff_specs_agree_or_fall_back() {
        let specs = [specs("tests/errors", false), specs("tests/diff", false)].concat();
        assert!(specs.len() >= 10);
        let handled = specs.iter().filter(|path| agrees(&read(path))).count();
        // Most error specs are valid HCL with mistakes in meaning, which the
        // fast path reads; the syntax and expression ones fall back.
        assert!(handled > 0 && handled < specs.len(), "{handled} handled");
        assert!(!agrees(&read(&root().join("tests/errors/syntax.hcl"))));
    }

    #[test]
    fn synthetic_specs_take_the_fast_path() {
        for n in [0, 1, 10, 25, 1000] {
            assert!(agrees(&crate::synthetic::spec(n)), "{n} workloads");
        }
    }

    #[test]
    fn plain_hcl_takes_the_fast_path() {
        let cases = [
            "",
            "# only a comment\n\n",
            "\n\n// c\n/* c */\n\t\n",
            "a = 1",
            "a = 1 # c",
            "x {\n  a = 1 // c\n} // c",
            "a = \"x\" # c\nb = [1, 2,] // c\n",
            "w \"t\" /* { */ { # c\n  a = [\n    \"x\", # c\n    \"y\",\n  ]\n}\n",
            "caller \"ci\" deploy /* c */ \"x\"{\n}\n",
            "w\"a\"\"b\" {\n  x = \"\"\n}",
            "x {}\nx { }\nx { a = 1 }\nx {a=[1,\n2]}\n",
            "a = 1\na {}\na {}\n",
            "role \"a\" {}\nrole \"a\" { x = 1 }\n",
            "o = { a = 1, \"b c\" = [], d = { e = true }, f = {} }\n",
            "tags = {\n  team = \"ml\" # c\n  cost-center = \"42\",\n  // c\n}\n",
            "n = [0, -1, 1.5e3, 10E-2, 1e+3, 007, 1.50, 99999999999999999999999]\n",
            "s = \"é 😀 {} # // /* ' \u{0} \t\"\n",
            "a = /* c */ 1 /* multi\nline */\nb = 2 /* c */ # c\n",
            "v = [[], [[1]], {}, [\n]]\nnull_ = null\nt = true\nf = false\n",
            "x {\n  y \"l\" {\n    z {\n      deep = [[[\"a\"]]]\n    }\n  }\n}\n",
        ];
        for text in cases {
            assert!(agrees(text), "falls back: {text:?}");
        }
    }

    #[test]
    fn anything_else_falls_back() {
        let cases = [
            // Repeats hcl-edit rejects, and one it may not: declined either way.
            "vpc {\n  subnets = []\n  subnets = [\"a\"]\n}\n",
            "a = 1\nb = 2\na = 3\n",
            "t = {\n  a = 1\n  a = 2\n}\n",
            "t = { a = 1, \"a\" = 2 }\n",
            // Escapes, templates and their escapes, heredocs.
            "a = \"\\n\"\n",
            "a = \"${var.x}\"\n",
            "a = \"$${aws:username}\"\n",
            "a = \"%%{x}\"\n",
            "a = \"50%\"\n",
            "a = <<EOT\nx\nEOT\n",
            "w \"a\\\"b\" {}\n",
            // Strings over lines, which the lowering reports.
            "a = \"two\nlines\"\n",
            "w \"two\nlines\" {}\n",
            // Numbers hcl-edit reads differently, or not at all.
            "a = 1e999\n",
            "a = 1.\n",
            "a = 1.5e\n",
            "a = 0x1\n",
            "a = - 1\n",
            "a = 1x\n",
            // Expressions.
            "a = foo\n",
            "a = var.x\n",
            "a = upper(\"x\")\n",
            "a = true ? 1 : 2\n",
            "a = 1 + 2\n",
            "a = -x\n",
            "a = [1]\n[2]\n",
            "a = [\"a\"\n  [0]]\n",
            "a = [for s in l : s]\n",
            "a = { for k, v in m : k => v }\n",
            "o = { for = 1 }\n",
            "o = { true = 1 }\n",
            "o = { a: 1 }\n",
            "o = { a == 1 }\n",
            "o = { (k) = 1 }\n",
            // Structure.
            "a = 1 b = 2\n",
            "x { a = 1 b = 2 }\n",
            "x { y {} }\n",
            "x { a = 1 # c }\n",
            "x {\n  a = 1 }\n",
            "x {\n  a = 1\n",
            "x {} y {}\n",
            "}\n",
            "\"a\" = 1\n",
            "a: 1\n",
            "a = \n",
            "a = [1 2]\n",
            "a = [,]\n",
            "a = [1,,2]\n",
            "o = { a = 1 b = 2 }\n",
            "o = { a = 1,, }\n",
            "a = 1 /* unclosed\n",
            "a = 1 / 2\n",
            "w 'x' {}\n",
            // Characters hcl-edit treats in ways not reproduced here.
            "a = 1\r\n",
            "a = 1 # c\rb = 2\n",
            "é = 1\n",
            "aé = 1\n",
            "\u{feff}a = 1\n",
            "a\u{a0}= 1\n",
        ];
        for text in cases {
            assert!(parse(text).is_none(), "handled: {text:?}");
        }
        let deep = |depth: usize| format!("a = {}{}\n", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&deep(MAX_DEPTH)).is_some());
        assert!(parse(&deep(MAX_DEPTH + 1)).is_none());
    }

    type Options = std::borrow::Cow<'static, [&'static str]>;

    fn pick(options: impl Into<Options>) -> impl Strategy<Value = String> + Clone {
        prop::sample::select(options).prop_map(str::to_string)
    }

    /// The options in a list separated by `|`, kept on one line.
    fn options(list: &'static str) -> Vec<&'static str> {
        list.split('|').collect()
    }

    /// Mostly one of `good`, rarely one of `bad`: one mistake in a text is
    /// enough to send it down the full path.
    fn mostly(
        good: impl Into<Options>,
        bad: impl Into<Options>,
    ) -> impl Strategy<Value = String> + Clone {
        prop_oneof![100 => pick(good), 1 => pick(bad)]
    }

    /// Names, among them keywords and names with `-`, and ones that are no
    /// names or not ASCII.
    fn name() -> impl Strategy<Value = String> + Clone {
        let good =
            "a|b|c|d|e|f|g|api|workload|role|caller|vpc|tags|cost-center|_x|a1|true|null|for|in";
        mostly(options(good), options("é|aé|1a|-a"))
    }

    /// What separates tokens on a line.
    fn space() -> impl Strategy<Value = String> + Clone {
        mostly(
            options("| | |  |\t| /* c */ |/*\n*/"),
            options("/* c|\u{a0}|\n|\r\n"),
        )
    }

    /// What ends a structure's line.
    fn line_end() -> impl Strategy<Value = String> + Clone {
        mostly(
            options("\n|\n|\n|\n\n| # c\n| // c\n|/* c */\n|\n  /* c\n */\n"),
            options("\r\n| |,|#"),
        )
    }

    /// What separates list items and object items from brackets.
    fn blank() -> impl Strategy<Value = String> + Clone {
        mostly(
            options("|| |\n| # c\n|// c\n|/* c */|\n\n  |\t"),
            options("\r\n|#|/|/*"),
        )
    }

    /// Numbers, a tenth of them malformed or read differently by hcl-edit.
    fn number() -> impl Strategy<Value = String> + Clone {
        let good = options("0|1|42|1.5|1.50|1e3|1E+3|10E-2|-1|-1.5e3|007|99999999999999999999999");
        let bad = options("0x1|1.|1e|1e999|- 1|1.5.3|1x|-|1.e3|1..2");
        prop_oneof![10 => pick(good), 1 => pick(bad)]
    }

    fn word() -> impl Strategy<Value = String> + Clone {
        mostly(
            options("true|false|null"),
            options("foo|var.x|upper(\"x\")|<<EOT\nx\nEOT\n|1 + 2|!true|x ? 1 : 2|true(1)|null.x"),
        )
    }

    /// A quoted string, sometimes with escapes, template markers, line
    /// breaks or no closing quote.
    fn string() -> impl Strategy<Value = String> + Clone {
        let text = prop_oneof![
            30 => "[a-z0-9 :/*.{}#'é😀\t-]{0,8}",
            1 => "[a-z\"\\\\$%{\n]{1,4}",
            1 => pick(&["${x}", "$${x}", "%{x}", "%%{x}", "$x", "50%", "\\\"", "\\n", "\\u00e9"]),
        ];
        (text, mostly(&["\""], &[""])).prop_map(|(text, close)| format!("\"{text}{close}"))
    }

    fn value() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![3 => string(), 2 => number(), 1 => word()];
        leaf.prop_recursive(3, 16, 4, |inner| {
            let item = (blank(), inner.clone(), blank());
            let list = (
                prop::collection::vec(item, 0..4),
                mostly(&["", ","], &[",,"]),
                blank(),
            )
                .prop_map(|(items, trailing, end)| {
                    let items: Vec<_> =
                        items.iter().map(|(a, v, b)| format!("{a}{v}{b}")).collect();
                    // `[,]` is no list; `[1,]` is.
                    let trailing = if items.is_empty() { "" } else { &trailing };
                    format!("[{}{trailing}{end}]", items.join(","))
                });
            let key = prop_oneof![3 => name(), 1 => string()];
            let item = (
                (blank(), key, space()),
                prop_oneof![20 => Just("=".to_string()), 1 => pick(&[":", "=="])],
                (space(), inner, space()),
                mostly(&["\n", "\n", ",", ", ", " # c\n"], &["", "\r\n", " ", ",,"]),
            );
            let object = (prop::collection::vec(item, 0..4), blank()).prop_map(|(items, end)| {
                let items: String = items
                    .iter()
                    .map(|((a, k, b), eq, (c, v, d), sep)| format!("{a}{k}{b}{eq}{c}{v}{d}{sep}"))
                    .collect();
                format!("{{{items}{end}}}")
            });
            prop_oneof![list, object]
        })
    }

    fn attribute() -> impl Strategy<Value = String> + Clone {
        (
            name(),
            space(),
            mostly(&["="], &["==", ":"]),
            space(),
            value(),
        )
            .prop_map(|(name, a, eq, b, value)| format!("{name}{a}{eq}{b}{value}"))
            .boxed()
    }

    /// Structures, each with the blank before it and the end of its line.
    fn lines(structure: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
        let line = (blank(), structure, space(), line_end());
        prop::collection::vec(line, 0..5).prop_map(|lines| {
            let lines = lines
                .iter()
                .map(|(blank, s, space, end)| format!("{blank}{s}{space}{end}"));
            lines.collect()
        })
    }

    /// Spec-like HCL, mostly valid, with mistakes in every part of the syntax.
    fn spec_text() -> impl Strategy<Value = String> {
        let body = lines(attribute()).prop_recursive(3, 16, 4, |body| {
            let label = prop_oneof![2 => string(), 1 => name()];
            let block = (
                name(),
                prop::collection::vec((space(), label), 0..3),
                space(),
                mostly(&["{\n", "{\n", "{ # c\n", "{ // c\n"], &["{", "{ "]),
                body,
                mostly(&["}"], &[""]),
            )
                .prop_map(|(kind, labels, space, open, body, close)| {
                    let labels: String = labels.iter().map(|(s, l)| format!("{s}{l}")).collect();
                    format!("{kind}{labels}{space}{open}{body}{close}")
                });
            // Rarely with a second attribute, which a one-line block cannot hold.
            let attributes = (
                prop::option::of(attribute()),
                prop::option::weighted(0.1, (space(), attribute())),
            );
            let one_line =
                (name(), space(), attributes, space()).prop_map(|(kind, a, (first, second), b)| {
                    let first = first.unwrap_or_default();
                    let second = second.map(|(a, s)| format!("{a}{s}")).unwrap_or_default();
                    format!("{kind}{a}{{{a}{first}{second}{b}}}")
                });
            lines(prop_oneof![3 => attribute(), 3 => block, 1 => one_line])
        });
        // Sometimes an edit anywhere, as a typo would make it.
        let edit = (
            0.0f64..1.0,
            0usize..3,
            pick(&[
                "", "\"", "{", "}", "[", "]", ",", "=", "\n", "#", "//", "/*", "*/", "\\",
            ]),
        );
        (body, prop::option::weighted(0.15, edit)).prop_map(|(mut text, edit)| {
            if let Some((at, len, insert)) = edit {
                let mut start = (text.len() as f64 * at) as usize;
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + len).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, &insert);
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn a_handled_spec_is_read_as_hcl_edit_reads_it(text in spec_text()) {
            agrees(&text);
        }

        #[test]
        fn an_edited_example_is_read_as_hcl_edit_reads_it(
            which in 0usize..16,
            at in 0.0f64..1.0,
            len in 0usize..8,
            insert in pick(&[
                "", "\"", "{", "}", "[", "]", ",", "=", "\n", " ", "#", "/*", "\\", "$", "%",
                "é", "-", ".", "1", "x = 1\n", "b {}\n", "\"l\" ",
            ]),
        ) {
            let examples = [specs("examples", true), specs("templates/init", false)].concat();
            let mut text = read(&examples[which % examples.len()]);
            let mut start = (text.len() as f64 * at) as usize;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let end = (start + len).min(text.len());
            if text.is_char_boundary(end) {
                text.replace_range(start..end, insert.as_str());
            }
            agrees(&text);
        }
    }

    /// The generated text must take both paths often, and the fast one
    /// with blocks or objects, or the properties above prove little.
    #[test]
    fn generated_specs_take_both_paths() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = spec_text();
        let cases = 1000;
        let (mut handled, mut declined) = (0, 0);
        for _ in 0..cases {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            if agrees(&text) {
                handled += usize::from(text.contains('{'));
            } else {
                declined += 1;
            }
        }
        assert!(
            handled >= cases / 6 && declined >= cases / 6,
            "of {cases}: {handled} handled with a block or object, {declined} declined"
        );
    }
}
