//! The JSON front end: spec text to a [`Node`] tree.
//!
//! A strict RFC 8259 parser, by hand, because the tree needs what general JSON
//! libraries drop: the span of every value and key, duplicate keys in order,
//! and numbers as written. Errors say where and what to fix; the first one
//! stops the parse.
//!
//! Strings are literal: `${x}` in a JSON string is text, not interpolation.

use std::rc::Rc;

use crate::diagnostic::{Diagnostic, Kind, Source, Span};
use crate::spec::path::SpecPath;
use crate::spec::tree::{has_labels, Entry, Node, Value};

/// How deeply objects and arrays may nest. A spec needs a handful of levels;
/// the limit keeps a hostile file from overflowing the stack.
pub const MAX_DEPTH: usize = 128;

/// Parses a JSON spec into a tree whose root is the top-level object.
///
/// # Errors
///
/// One diagnostic: a syntax error, or a top level that is not an object.
pub fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
    let mut parser = Parser {
        source,
        text: &source.text,
        pos: 0,
    };
    parser.document().map_err(|diagnostic| vec![*diagnostic])
}

/// Boxed so that the `Ok` path of every parsing function stays small.
type Parsed<T> = Result<T, Box<Diagnostic>>;

struct Parser<'a> {
    source: &'a Source,
    text: &'a str,
    /// Byte offset of the next character; always on a character boundary.
    pos: usize,
}

impl Parser<'_> {
    fn document(&mut self) -> Parsed<Node> {
        // RFC 8259 §8.1 allows a parser to ignore a byte order mark.
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        self.skip_whitespace()?;
        if self.peek().is_none() {
            return Err(self
                .error_here(&SpecPath::root(), "the file is empty")
                .with_help("a spec is a JSON object: { ... }")
                .into());
        }
        let node = self.value(&SpecPath::root(), "", 0)?;
        self.skip_whitespace()?;
        if self.peek().is_some() {
            let message = format!("unexpected {} after the top-level value", self.found());
            return Err(self
                .error_here(&SpecPath::root(), message)
                .with_help("a spec file holds exactly one JSON object")
                .into());
        }
        if !matches!(node.value, Value::Map(_)) {
            let message = format!(
                "a spec is a JSON object at the top level, not {}",
                node.value.type_name()
            );
            let diagnostic = Diagnostic::error(Kind::Type, "", Some(node.span), message);
            return Err(diagnostic.with_help("write the spec as { ... }").into());
        }
        Ok(node)
    }

    /// A value. `holder` is the key of the entry that holds it ("" in a list),
    /// and `depth` the number of objects and arrays around it.
    fn value(&mut self, path: &SpecPath, holder: &str, depth: usize) -> Parsed<Node> {
        match self.peek() {
            Some('{') => self.object(path, holder, depth + 1),
            Some('[') => self.array(path, depth + 1),
            Some('"') => {
                let start = self.pos;
                let text = self.string(path)?;
                Ok(self.node(start, Value::String(text)))
            }
            Some('-' | '0'..='9') => self.number(path),
            Some(c) if c.is_ascii_alphabetic() => self.literal(path),
            found => Err(self.unexpected_value(found, path).into()),
        }
    }

    fn object(&mut self, path: &SpecPath, holder: &str, depth: usize) -> Parsed<Node> {
        let open = self.pos;
        self.check_depth(depth, path)?;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_whitespace()?;
        if self.eat('}') {
            return Ok(self.node(open, Value::Map(entries)));
        }
        let parent = Rc::new(path.clone());
        loop {
            let key_start = self.pos;
            if self.peek() != Some('"') {
                return Err(self.expected_key(path).into());
            }
            let key = self.string(path)?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_whitespace()?;
            if !self.eat(':') {
                let message = format!(
                    "expected \":\" after the object key, found {}",
                    self.found()
                );
                let mut error = self.error_here(path, message);
                if matches!(self.peek(), Some('=')) {
                    error = error.with_help("JSON separates a key from its value with `:`");
                }
                return Err(error.into());
            }
            self.skip_whitespace()?;
            // A key of a labelled block holding an object is a label, written quoted.
            let labelled = has_labels(holder) && self.peek() == Some('{');
            let value = self.value(&SpecPath::key(&parent, key.as_str(), labelled), &key, depth)?;
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.skip_whitespace()?;
            match self.peek() {
                Some(',') => self.after_comma('}', "entry", path)?,
                Some('}') => {
                    self.pos += 1;
                    return Ok(self.node(open, Value::Map(entries)));
                }
                _ => {
                    return Err(self
                        .expected_separator(open, '}', "an object entry", path)
                        .into())
                }
            }
        }
    }

    fn array(&mut self, path: &SpecPath, depth: usize) -> Parsed<Node> {
        let open = self.pos;
        self.check_depth(depth, path)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace()?;
        if self.eat(']') {
            return Ok(self.node(open, Value::List(items)));
        }
        let parent = Rc::new(path.clone());
        loop {
            items.push(self.value(&SpecPath::index(&parent, items.len()), "", depth)?);
            self.skip_whitespace()?;
            match self.peek() {
                Some(',') => self.after_comma(']', "element", path)?,
                Some(']') => {
                    self.pos += 1;
                    return Ok(self.node(open, Value::List(items)));
                }
                _ => {
                    return Err(self
                        .expected_separator(open, ']', "an array element", path)
                        .into())
                }
            }
        }
    }

    /// Consumes a `,` between entries or elements, and rejects a trailing one.
    fn after_comma(&mut self, close: char, what: &str, path: &SpecPath) -> Parsed<()> {
        let comma = self.pos;
        self.pos += 1;
        self.skip_whitespace()?;
        if self.peek() == Some(close) {
            let diagnostic = Diagnostic::error(
                Kind::Syntax,
                path,
                Some(Span::new(comma, comma + 1)),
                "trailing comma is not allowed in JSON",
            );
            let help = format!("remove the `,` after the last {what}");
            return Err(diagnostic.with_help(help).into());
        }
        Ok(())
    }

    fn check_depth(&self, depth: usize, path: &SpecPath) -> Parsed<()> {
        if depth <= MAX_DEPTH {
            return Ok(());
        }
        let message = format!("objects and arrays nest more than {MAX_DEPTH} levels deep here");
        let error = self.error_here(path, message);
        Err(error
            .with_help("a spec needs only a few levels of nesting")
            .into())
    }

    /// A string whose `"` is at `self.pos`, with its escapes resolved.
    fn string(&mut self, path: &SpecPath) -> Parsed<String> {
        let open = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            // Copy the run of plain characters at once. It stops only at ASCII
            // characters, so `pos` stays on a character boundary.
            let rest = &self.text[self.pos..];
            let run = rest
                .find(|c: char| c == '"' || c == '\\' || c.is_ascii_control())
                .unwrap_or(rest.len());
            text.push_str(&rest[..run]);
            self.pos += run;
            match self.peek() {
                Some('"') => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some('\\')
                    if !matches!(self.text[self.pos + 1..].chars().next(), None | Some('\n')) =>
                {
                    text.push(self.escape(path)?);
                }
                // A backslash before the end of the line escapes nothing: the
                // string is what is unclosed.
                None | Some('\n' | '\r' | '\\') => {
                    // A line break in a string is almost always a missing quote.
                    let diagnostic = Diagnostic::error(
                        Kind::Syntax,
                        path,
                        Some(Span::new(open, self.pos)),
                        "unterminated string",
                    );
                    return Err(diagnostic
                        .with_help(
                            "close the string with `\"` before the end of the line; \
                             write a line break inside a string as \\n",
                        )
                        .into());
                }
                Some(c) => {
                    let code = u32::from(c);
                    let message = format!("a control character (U+{code:04X}) must be escaped");
                    let escape = if c == '\t' {
                        "\\t".to_string()
                    } else {
                        format!("\\u{code:04X}")
                    };
                    let error = self.error_here(path, message);
                    return Err(error.with_help(format!("write it as {escape}")).into());
                }
            }
        }
    }

    /// An escape whose `\` is at `self.pos`.
    fn escape(&mut self, path: &SpecPath) -> Parsed<char> {
        let start = self.pos;
        self.pos += 1;
        let escaped = match self.peek() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                self.pos += 1;
                return self.unicode_escape(start, path);
            }
            found => {
                let end = self.pos + found.map_or(0, char::len_utf8);
                let help = match found {
                    Some('\'') => "a `'` needs no escape in a JSON string",
                    Some('$' | '%') => "write ${ or %{ as is: JSON strings are plain text",
                    _ => "JSON escapes are \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX",
                };
                let message = match found {
                    Some(c) if !c.is_control() => format!("invalid escape `\\{c}` in a string"),
                    _ => "invalid escape: `\\` before a control character".to_string(),
                };
                let span = Span::new(start, end);
                let diagnostic = Diagnostic::error(Kind::Syntax, path, Some(span), message);
                return Err(diagnostic.with_help(help).into());
            }
        };
        self.pos += 1;
        Ok(escaped)
    }

    /// The rest of a `\uXXXX` escape that starts at `start`, with the second
    /// half of a surrogate pair when the first half calls for it.
    fn unicode_escape(&mut self, start: usize, path: &SpecPath) -> Parsed<char> {
        let first = self.hex4(start, path)?;
        let unpaired = match first {
            0xD800..=0xDBFF => {
                if self.text[self.pos..].starts_with("\\u") {
                    let second_start = self.pos;
                    self.pos += 2;
                    let second = self.hex4(second_start, path)?;
                    if let 0xDC00..=0xDFFF = second {
                        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        // Every high and low surrogate pair encodes a valid character.
                        return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                }
                "a high surrogate must be followed by a low one (\\uDC00 to \\uDFFF)"
            }
            0xDC00..=0xDFFF => "a low surrogate must follow a high one (\\uD800 to \\uDBFF)",
            // Not a surrogate, so a valid character.
            _ => return Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER)),
        };
        let span = Span::new(start, start + 6);
        let message = format!(
            "unpaired surrogate `{}` in a string",
            &self.text[start..span.end]
        );
        let diagnostic = Diagnostic::error(Kind::Syntax, path, Some(span), message);
        Err(diagnostic
            .with_help(format!(
                "{unpaired}; a character outside the Basic Multilingual Plane is written \
                 as a pair, such as \\uD83D\\uDE00, or as itself"
            ))
            .into())
    }

    /// Four hex digits at `self.pos`, for the `\u` escape at `start`.
    fn hex4(&mut self, start: usize, path: &SpecPath) -> Parsed<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or_default();
        match u32::from_str_radix(digits, 16) {
            // `from_str_radix` also accepts a sign, which an escape cannot have.
            Ok(code) if digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(code)
            }
            _ => {
                let diagnostic = Diagnostic::error(
                    Kind::Syntax,
                    path,
                    Some(Span::new(start, self.pos)),
                    "expected 4 hex digits after \\u",
                );
                Err(diagnostic.with_help("write a code point as \\u00E9").into())
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self, path: &SpecPath) -> Parsed<Node> {
        let start = self.pos;
        self.eat('-');
        match self.peek() {
            Some('0') => {
                self.pos += 1;
                if self.digits() > 0 {
                    let span = Span::new(start, self.pos);
                    let written = &self.text[start..self.pos];
                    let diagnostic = Diagnostic::error(
                        Kind::Syntax,
                        path,
                        Some(span),
                        format!("a JSON number cannot have a leading zero: `{written}`"),
                    );
                    // Account IDs are the likely case, and they need their zeros.
                    let help = format!(
                        "remove the leading zero, or write \"{written}\" to keep it as text, \
                         as for an AWS account ID"
                    );
                    return Err(diagnostic.with_help(help).into());
                }
            }
            Some('1'..='9') => {
                self.digits();
            }
            _ => {
                let message = format!("expected a digit after `-`, found {}", self.found());
                return Err(self.error_here(path, message).into());
            }
        }
        if self.eat('.') && self.digits() == 0 {
            let message = format!(
                "expected a digit after the decimal point, found {}",
                self.found()
            );
            return Err(self.error_here(path, message).into());
        }
        if self.eat('e') || self.eat('E') {
            let _ = self.eat('+') || self.eat('-');
            if self.digits() == 0 {
                let message = format!("expected a digit in the exponent, found {}", self.found());
                return Err(self.error_here(path, message).into());
            }
        }
        let text = self.text[start..self.pos].to_string();
        Ok(self.node(start, Value::Number(text)))
    }

    /// Skips ASCII digits and counts them.
    fn digits(&mut self) -> usize {
        let count = self.text[self.pos..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        self.pos += count;
        count
    }

    /// `true`, `false` or `null`; any other word is an error that names it.
    fn literal(&mut self, path: &SpecPath) -> Parsed<Node> {
        let start = self.pos;
        let rest = &self.text[start..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => {
                let lower = word.to_ascii_lowercase();
                let help = match lower.as_str() {
                    "true" | "false" | "null" => {
                        "JSON's literals are lowercase: true, false and null".to_string()
                    }
                    "none" | "nil" | "undefined" => "write null for no value".to_string(),
                    "nan" | "infinity" | "inf" => "JSON has no NaN or Infinity".to_string(),
                    _ => format!("write text as a string in double quotes: \"{word}\""),
                };
                let diagnostic = Diagnostic::error(
                    Kind::Syntax,
                    path,
                    Some(Span::new(start, start + len)),
                    format!("`{word}` is not a JSON value"),
                );
                return Err(diagnostic.with_help(help).into());
            }
        };
        self.pos += len;
        Ok(self.node(start, value))
    }

    /// Skips JSON whitespace. Comments are an error rather than something to
    /// skip, with a pointer to HCL, which has them.
    fn skip_whitespace(&mut self) -> Parsed<()> {
        let rest = &self.text[self.pos..];
        self.pos += rest
            .find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r'))
            .unwrap_or(rest.len());
        let rest = &self.text[self.pos..];
        if rest.starts_with("//") || rest.starts_with("/*") {
            let diagnostic = Diagnostic::error(
                Kind::Syntax,
                "",
                Some(Span::new(self.pos, self.pos + 2)),
                "comments are not allowed in JSON",
            );
            return Err(diagnostic
                .with_help("remove the comment, or write the spec in HCL, which has comments")
                .into());
        }
        Ok(())
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        let matched = self.peek() == Some(c);
        if matched {
            self.pos += c.len_utf8();
        }
        matched
    }

    fn node(&self, start: usize, value: Value) -> Node {
        Node {
            span: Span::new(start, self.pos),
            value,
        }
    }

    /// The character at `pos`, for messages.
    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the file".to_string(),
            Some('\n' | '\r') => "the end of the line".to_string(),
            Some(c) if c.is_control() || c.is_whitespace() => format!("U+{:04X}", u32::from(c)),
            Some(c) => format!("`{c}`"),
        }
    }

    /// A syntax error at the character at `pos`.
    fn error_here(&self, path: &SpecPath, message: impl Into<String>) -> Diagnostic {
        let len = self.peek().map_or(0, char::len_utf8);
        let span = Span::new(self.pos, self.pos + len);
        Diagnostic::error(Kind::Syntax, path, Some(span), message)
    }

    fn unexpected_value(&self, found: Option<char>, path: &SpecPath) -> Diagnostic {
        let message = format!("expected a value, found {}", self.found());
        let error = self.error_here(path, message);
        let next_is_digit = self.text[self.pos..]
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
        match found {
            Some('\'') => error.with_help("JSON strings use double quotes: \"...\""),
            Some('+') => error.with_help("a JSON number has no `+` sign; remove it"),
            Some('.') if next_is_digit => {
                error.with_help("a JSON number starts with a digit: write 0.5, not .5")
            }
            _ => error.with_help(
                "a value is a string in double quotes, a number, true, false, null, \
                 an array [...] or an object { ... }",
            ),
        }
    }

    fn expected_key(&self, path: &SpecPath) -> Diagnostic {
        let message = format!(
            "expected an object key in double quotes, found {}",
            self.found()
        );
        let error = self.error_here(path, message);
        match self.peek() {
            Some('\'') => error.with_help("JSON strings use double quotes: \"...\""),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let rest = &self.text[self.pos..];
                let word = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .map_or(rest, |end| &rest[..end]);
                error.with_help(format!("quote the key: \"{word}\""))
            }
            _ => error,
        }
    }

    /// After an entry or element, neither `,` nor the closing `close` came.
    fn expected_separator(
        &self,
        open: usize,
        close: char,
        what: &str,
        path: &SpecPath,
    ) -> Diagnostic {
        let message = format!(
            "expected \",\" or \"{close}\" after {what}, found {}",
            self.found()
        );
        let error = self.error_here(path, message);
        match self.peek() {
            None => {
                let (line, column) = self.source.line_col(open);
                error.with_help(format!(
                    "the {} opened at line {line}, column {column} is not closed",
                    if close == '}' { "object" } else { "array" }
                ))
            }
            Some('"' | '{' | '[' | '-' | '0'..='9' | 't' | 'f' | 'n') => {
                let items = if close == '}' { "entries" } else { "elements" };
                error.with_help(format!("separate {items} with `,`"))
            }
            _ => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (Source, Node) {
        let source = Source::new("spec.json", text);
        match parse(&source) {
            Ok(node) => (source, node),
            Err(diagnostics) => panic!("unexpected diagnostics: {diagnostics:#?}"),
        }
    }

    /// The one diagnostic for `text`, with its line and column.
    fn error(text: &str) -> (Diagnostic, (usize, usize)) {
        let source = Source::new("spec.json", text);
        let diagnostics = match parse(&source) {
            Ok(node) => panic!("expected a diagnostic for {text:?}, got {node:#?}"),
            Err(diagnostics) => diagnostics,
        };
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        let diagnostic = diagnostics.into_iter().next().unwrap();
        let at = source.line_col(diagnostic.span.expect("a span").start);
        (diagnostic, at)
    }

    fn entries(node: &Node) -> &[Entry] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("expected a map, got {other:?}"),
        }
    }

    fn items(node: &Node) -> &[Node] {
        match &node.value {
            Value::List(items) => items,
            other => panic!("expected a list, got {other:?}"),
        }
    }

    fn get<'a>(node: &'a Node, key: &str) -> &'a Node {
        let found = entries(node).iter().find(|e| e.key == key);
        &found.unwrap_or_else(|| panic!("no entry {key:?}")).value
    }

    fn text(source: &Source, span: Span) -> &str {
        &source.text[span.start..span.end]
    }

    /// The one string in `{"s": <literal>}`.
    fn string_of(literal: &str) -> String {
        let (_, root) = ok(&format!("{{\"s\": {literal}}}"));
        match &get(&root, "s").value {
            Value::String(s) => s.clone(),
            other => panic!("not a string: {other:?}"),
        }
    }

    /// The tree without spans, to compare the two front ends.
    fn shape(node: &Node) -> String {
        match &node.value {
            Value::Map(entries) => {
                let inner: Vec<_> = entries
                    .iter()
                    .map(|e| format!("{:?}: {}", e.key, shape(&e.value)))
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
            Value::List(items) => {
                format!(
                    "[{}]",
                    items.iter().map(shape).collect::<Vec<_>>().join(", ")
                )
            }
            other => format!("{other:?}"),
        }
    }

    const SPEC: &str = r#"{
  "name_prefix": "ml-",
  "workload": {
    "train": {
      "api": "CreateTrainingJob",
      "inputs": ["s3://bucket/data/", "s3://bucket/more/"],
      "retries": 3,
      "ratio": 1.50,
      "spot": true,
      "kms": null,
      "vpc": { "subnets": ["subnet-1"] }
    }
  }
}
"#;

    #[test]
    fn realistic_spec_becomes_a_tree_with_spans() {
        let (source, root) = ok(SPEC);
        assert_eq!(text(&source, root.span), SPEC.trim_end());
        let workload = &entries(&root)[1];
        assert_eq!(text(&source, workload.key_span), "\"workload\"");
        let train_entry = &entries(&workload.value)[0];
        assert_eq!(text(&source, train_entry.key_span), "\"train\"");
        let train = &train_entry.value;
        assert!(text(&source, train.span).starts_with("{\n      \"api\""));
        let inputs = get(train, "inputs");
        assert_eq!(
            text(&source, inputs.span),
            r#"["s3://bucket/data/", "s3://bucket/more/"]"#
        );
        assert_eq!(
            text(&source, items(inputs)[1].span),
            "\"s3://bucket/more/\""
        );
        assert_eq!(
            items(inputs)[1].value,
            Value::String("s3://bucket/more/".into())
        );
        assert_eq!(get(train, "retries").value, Value::Number("3".into()));
        assert_eq!(get(train, "ratio").value, Value::Number("1.50".into()));
        assert_eq!(text(&source, get(train, "ratio").span), "1.50");
        assert_eq!(get(train, "spot").value, Value::Bool(true));
        assert_eq!(text(&source, get(train, "kms").span), "null");
        assert_eq!(get(train, "kms").value, Value::Null);
        let vpc = get(train, "vpc");
        assert_eq!(text(&source, vpc.span), r#"{ "subnets": ["subnet-1"] }"#);
    }

    #[test]
    fn the_same_spec_in_hcl_gives_the_same_tree() {
        let hcl = r#"
name_prefix = "ml-"
workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://bucket/data/", "s3://bucket/more/"]
  retries = 3
  ratio   = 1.50
  spot    = true
  kms     = null
  vpc {
    subnets = ["subnet-1"]
  }
}
"#;
        let hcl = crate::spec::hcl::parse(&Source::new("spec.hcl", hcl)).unwrap();
        assert_eq!(shape(&ok(SPEC).1), shape(&hcl));
    }

    #[test]
    fn escapes_are_resolved() {
        let decoded = string_of(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude00 \u0000""#);
        assert_eq!(
            decoded,
            "q\" b\\ s/ \u{8}\u{c}\n\r\t \u{e9} \u{20ac} \u{1f600} \u{0}"
        );
        assert_eq!(string_of("\"caf\u{e9} \u{1f600}\""), "caf\u{e9} \u{1f600}");
    }

    #[test]
    fn interpolation_is_just_text() {
        assert_eq!(
            string_of(r#""arn:aws:s3:::b/${aws:username}/*""#),
            "arn:aws:s3:::b/${aws:username}/*"
        );
        assert_eq!(string_of(r#""%{x} $${y}""#), "%{x} $${y}");
    }

    #[test]
    fn lone_surrogates_are_rejected() {
        for (literal, column) in [
            (r#""\ud83d""#, 8),
            (r#""ab\ud83dx""#, 10),
            (r#""\ud83d\u0041""#, 8),
            (r#""\ude00""#, 8),
            (r#""\ude00\ud83d""#, 8),
        ] {
            let (diagnostic, at) = error(&format!("{{\"s\": {literal}}}"));
            assert_eq!(at, (1, column), "{literal}");
            assert!(
                diagnostic.message.starts_with("unpaired surrogate"),
                "{literal}"
            );
        }
    }

    #[test]
    fn bad_escapes_and_control_characters_are_rejected() {
        let cases = [
            (r#"{"s": "a\x41"}"#, (1, 9), "invalid escape `\\x`"),
            (r#"{"s": "it\'s"}"#, (1, 10), "invalid escape `\\'`"),
            (r#"{"s": "\u12G4"}"#, (1, 8), "expected 4 hex digits"),
            (r#"{"s": "\u+123"}"#, (1, 8), "expected 4 hex digits"),
            (r#"{"s": "\u12"}"#, (1, 8), "expected 4 hex digits"),
            ("{\"s\": \"a\tb\"}", (1, 9), "control character (U+0009)"),
            ("{\"s\": \"a\u{1}b\"}", (1, 9), "control character (U+0001)"),
            ("{\"s\": \"open\n}", (1, 7), "unterminated string"),
            ("{\"s\": \"open", (1, 7), "unterminated string"),
            (r#"{"s": "\"#, (1, 7), "unterminated string"),
            ("{\"s\": \"a\\\n\"}", (1, 7), "unterminated string"),
            (
                "{\"s\": \"a\\\tb\"}",
                (1, 9),
                "invalid escape: `\\` before a control character",
            ),
        ];
        for (src, at, words) in cases {
            let (diagnostic, found) = error(src);
            assert_eq!(diagnostic.kind, Kind::Syntax);
            assert_eq!(found, at, "{src:?}");
            assert!(
                diagnostic.message.contains(words),
                "{src:?}: {}",
                diagnostic.message
            );
        }
    }

    #[test]
    fn duplicate_keys_are_kept_in_order() {
        let (source, root) = ok(r#"{"role": {"a": {}}, "x": 1, "role": {"b": {}}, "x": 2}"#);
        let keys: Vec<_> = entries(&root).iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["role", "x", "role", "x"]);
        assert_eq!(entries(&root)[3].value.value, Value::Number("2".into()));
        assert_eq!(text(&source, entries(&root)[2].key_span), "\"role\"");
        assert_eq!(entries(&root)[2].key_span.start, 28);
    }

    #[test]
    fn unicode_keys_keep_their_spans() {
        let (source, root) = ok("{\"ключ\": 1, \"\u{1f511}\": 2, \"a\\u00e9\": 3}");
        let keys: Vec<_> = entries(&root).iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["ключ", "\u{1f511}", "a\u{e9}"]);
        let spans: Vec<_> = entries(&root)
            .iter()
            .map(|e| text(&source, e.key_span))
            .collect();
        assert_eq!(spans, ["\"ключ\"", "\"\u{1f511}\"", "\"a\\u00e9\""]);
        assert_eq!(text(&source, entries(&root)[1].value.span), "2");
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for number in [
            "0", "-0", "7", "-12.25", "1e5", "1E+5", "1.5e-3", "0.0", "10",
        ] {
            let (_, root) = ok(&format!("{{\"n\": {number}}}"));
            assert_eq!(
                get(&root, "n").value,
                Value::Number(number.into()),
                "{number}"
            );
        }
        for (number, words) in [
            ("01", "leading zero"),
            ("-012", "leading zero"),
            ("+1", "expected a value, found `+`"),
            (".5", "expected a value, found `.`"),
            ("1.", "after the decimal point"),
            ("1.e3", "after the decimal point"),
            ("1e", "in the exponent"),
            ("1e+", "in the exponent"),
            ("-", "expected a digit after `-`"),
            ("-Infinity", "expected a digit after `-`"),
            ("NaN", "`NaN` is not a JSON value"),
            ("Infinity", "`Infinity` is not a JSON value"),
            (
                "0x1F",
                "expected \",\" or \"}\" after an object entry, found `x`",
            ),
        ] {
            let (diagnostic, at) = error(&format!("{{\"n\": {number}}}"));
            assert!(
                diagnostic.message.contains(words),
                "{number}: {}",
                diagnostic.message
            );
            assert!(at.1 >= 7, "{number}: {at:?}");
        }
        let (diagnostic, at) = error(r#"{"account": 012345678901}"#);
        assert_eq!(at, (1, 13));
        assert!(diagnostic.help.unwrap().contains("\"012345678901\""));
    }

    #[test]
    fn trailing_commas_are_rejected_at_the_comma() {
        let (diagnostic, at) = error("{\n  \"a\": [1, 2,],\n  \"b\": 1\n}");
        assert_eq!(diagnostic.message, "trailing comma is not allowed in JSON");
        assert_eq!(at, (2, 13));
        assert!(diagnostic.help.unwrap().contains("last element"));
        let (diagnostic, at) = error("{\n  \"a\": 1,\n}");
        assert_eq!(diagnostic.message, "trailing comma is not allowed in JSON");
        assert_eq!(at, (2, 9));
        assert!(diagnostic.help.unwrap().contains("last entry"));
    }

    #[test]
    fn structural_errors_say_what_was_expected() {
        let cases = [
            (
                "{\"a\": 1 \"b\": 2}",
                (1, 9),
                "expected \",\" or \"}\" after an object entry, found `\"`",
                Some("separate entries with `,`"),
            ),
            (
                "{\"a\": [1 2]}",
                (1, 10),
                "expected \",\" or \"]\" after an array element, found `2`",
                Some("separate elements with `,`"),
            ),
            (
                "{\"a\" 1}",
                (1, 6),
                "expected \":\" after the object key, found `1`",
                None,
            ),
            ("{\"a\" = 1}", (1, 6), "expected \":\"", Some("with `:`")),
            (
                "{'a': 1}",
                (1, 2),
                "expected an object key in double quotes, found `'`",
                Some("double quotes"),
            ),
            (
                "{a: 1}",
                (1, 2),
                "expected an object key",
                Some("quote the key: \"a\""),
            ),
            (
                "{\"a\": 'x'}",
                (1, 7),
                "expected a value, found `'`",
                Some("double quotes"),
            ),
            (
                "{\"a\": True}",
                (1, 7),
                "`True` is not a JSON value",
                Some("lowercase"),
            ),
            ("{\"a\": }", (1, 7), "expected a value, found `}`", None),
            (
                "{\n  \"a\": {\n    \"b\": 1\n",
                (4, 1),
                "found the end of the file",
                Some("line 2, column 8 is not closed"),
            ),
            (
                "{\"a\": 1} x",
                (1, 10),
                "unexpected `x` after the top-level value",
                Some("exactly one"),
            ),
            ("{} {}", (1, 4), "after the top-level value", None),
            (
                "{\n  // note\n  \"a\": 1\n}",
                (2, 3),
                "comments are not allowed in JSON",
                Some("HCL"),
            ),
            ("", (1, 1), "the file is empty", None),
            ("  \n ", (2, 2), "the file is empty", None),
            (
                "{\"a\":\u{a0}1}",
                (1, 6),
                "expected a value, found U+00A0",
                None,
            ),
        ];
        for (src, at, message, help) in cases {
            let (diagnostic, found) = error(src);
            assert_eq!(diagnostic.kind, Kind::Syntax, "{src:?}");
            assert_eq!(found, at, "{src:?}: {diagnostic:?}");
            assert!(
                diagnostic.message.contains(message),
                "{src:?}: {}",
                diagnostic.message
            );
            if let Some(help) = help {
                let actual = diagnostic.help.unwrap_or_default();
                assert!(actual.contains(help), "{src:?}: {actual}");
            }
        }
    }

    #[test]
    fn the_top_level_must_be_an_object() {
        for (src, type_name) in [
            ("[1, 2]", "a list"),
            ("\"spec\"", "a string"),
            (" 3 ", "a number"),
        ] {
            let (diagnostic, at) = error(src);
            assert_eq!(diagnostic.kind, Kind::Type);
            assert_eq!(
                diagnostic.message,
                format!("a spec is a JSON object at the top level, not {type_name}")
            );
            assert_eq!(at.1, src.len() - src.trim_start().len() + 1);
        }
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let (source, root) = ok("\u{feff}{\"a\": 1}");
        assert_eq!(text(&source, root.span), "{\"a\": 1}");
    }

    #[test]
    fn nesting_is_limited_without_overflowing_the_stack() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let (_, root) = ok(&format!("{{\"a\": {}}}", nested(MAX_DEPTH - 1)));
        assert_eq!(entries(&root).len(), 1);
        let (diagnostic, at) = error(&format!("{{\"a\": {}}}", nested(MAX_DEPTH)));
        assert!(diagnostic.message.contains("more than 128 levels"));
        assert_eq!(at, (1, 7 + MAX_DEPTH - 1));
        // Far deeper than any stack could recurse.
        let (diagnostic, _) = error(&"{\"a\": [".repeat(1_000_000));
        assert!(diagnostic.message.contains("levels deep"));
    }

    #[test]
    fn errors_carry_the_spec_path() {
        let src =
            r#"{"workload": {"train": {"inputs": ["s3://a/", 'b'], "vpc": {"subnets": [1,]}}}}"#;
        let (diagnostic, _) = error(src);
        assert_eq!(diagnostic.path, "workload \"train\".inputs[1]");
        let src = r#"{"workload": {"train": {"vpc": {"subnets": [1,]}}}}"#;
        let (diagnostic, _) = error(src);
        assert_eq!(diagnostic.path, "workload \"train\".vpc.subnets");
        let (diagnostic, _) = error(r#"{"role": {"r": {"x": tru}}}"#);
        assert_eq!(diagnostic.path, "role \"r\".x");
    }
}
