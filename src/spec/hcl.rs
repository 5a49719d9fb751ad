//! The HCL front end: spec text to a [`Node`] tree.
//!
//! hcl-edit parses the text and keeps byte spans; this module maps its syntax
//! tree onto the syntax-neutral one. Blocks become nested maps the way
//! Terraform's JSON syntax writes them, and anything that would need evaluating
//! (references, function calls, interpolation, operators, ...) is reported,
//! since a spec holds values only.

use std::ops::Range;
use std::rc::Rc;

use hcl_edit::expr::{Expression, Object, ObjectKey, TraversalOperator};
use hcl_edit::parser::Error as ParseError;
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;

use crate::diagnostic::{Diagnostic, Kind, Source, Span};
use crate::spec::path::SpecPath;
use crate::spec::tree::{has_labels, Entry, Node, Value};

/// Parses an HCL spec into a tree whose root is a map spanning the whole file.
///
/// # Errors
///
/// A syntax error gives one diagnostic, since the parser stops there. Otherwise
/// every expression that is not a plain value gives one diagnostic each.
pub fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
    let body = hcl_edit::parser::parse_body(&source.text)
        .map_err(|error| vec![syntax_error(source, &error)])?;
    let mut lowering = Lowering {
        text: &source.text,
        diagnostics: Vec::new(),
    };
    let entries = lowering.body(&body, &Rc::new(SpecPath::root()), "");
    if lowering.diagnostics.is_empty() {
        Ok(Node {
            span: Span::new(0, source.text.len()),
            value: Value::Map(entries),
        })
    } else {
        Err(lowering.diagnostics)
    }
}

/// hcl-edit sets a span on everything that `parse_body` returns, so a missing
/// one is a bug there; an empty span at the start of the file still lets the
/// caller report something.
fn span(range: Option<Range<usize>>) -> Span {
    range.map_or_else(Span::default, |r| Span::new(r.start, r.end))
}

struct Lowering<'a> {
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Lowering<'_> {
    fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    /// The entries of a body. `holder` is the key of the entry that holds the
    /// body ("" for the file); it decides whether nested maps are block labels.
    fn body(&mut self, body: &Body, path: &Rc<SpecPath>, holder: &str) -> Vec<Entry> {
        body.iter()
            .map(|structure| match structure {
                Structure::Attribute(attribute) => {
                    let key = attribute.key.as_str();
                    let labelled = has_labels(holder) && attribute.value.is_object();
                    let path = SpecPath::key(path, key, labelled);
                    Entry {
                        key: key.to_string(),
                        key_span: span(attribute.key.span()),
                        value: self.expr(&attribute.value, &path, key),
                    }
                }
                Structure::Block(block) => self.block(block, path, holder),
            })
            .collect()
    }

    /// `type "l1" "l2" { body }` becomes `type = { l1 = { l2 = { body } } }`.
    fn block(&mut self, block: &Block, path: &Rc<SpecPath>, holder: &str) -> Entry {
        let end = span(block.span()).end;
        // The block type and its labels are the keys of a chain of one-entry maps.
        let mut keys = vec![(block.ident.as_str(), span(block.ident.span()))];
        for label in &block.labels {
            let label_span = span(label.span());
            self.check_one_line(label_span, path);
            keys.push((label.as_str(), label_span));
        }

        // The body's path, and the key that holds the body.
        let (mut path, mut holder) = (Rc::clone(path), holder);
        for &(key, _) in &keys {
            // Every value in the chain is a map, so only the holder decides.
            path = Rc::new(SpecPath::key(&path, key, has_labels(holder)));
            holder = key;
        }

        let last_key_end = keys.last().map_or(end, |(_, key_span)| key_span.end);
        let mut value = Node {
            span: Span::new(open_brace(self.text, last_key_end), end),
            value: Value::Map(self.body(&block.body, &path, holder)),
        };
        // Wrap the body in the labels, innermost first. A label's map starts
        // at the label, the way `{"l1": {...}}` starts at its key in JSON.
        for &(key, key_span) in keys[1..].iter().rev() {
            value = Node {
                span: Span::new(key_span.start, end),
                value: Value::Map(vec![Entry {
                    key: key.to_string(),
                    key_span,
                    value,
                }]),
            };
        }
        let (key, key_span) = keys[0];
        Entry {
            key: key.to_string(),
            key_span,
            value,
        }
    }

    /// `holder` is the key of the entry that holds the expression, or "" in a list.
    fn expr(&mut self, expr: &Expression, path: &SpecPath, holder: &str) -> Node {
        let span = span(expr.span());
        let value = match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(value) => Value::Bool(*value.value()),
            // The text as written: `Number` would normalize `1.50` or `1e3`.
            Expression::Number(_) => Value::Number(self.slice(span).to_string()),
            Expression::String(value) => {
                self.check_one_line(span, path);
                Value::String(value.value().clone())
            }
            Expression::Array(items) => {
                let list = Rc::new(path.clone());
                Value::List(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.expr(item, &SpecPath::index(&list, i), ""))
                        .collect(),
                )
            }
            Expression::Object(object) => Value::Map(self.object(object, path, holder)),
            Expression::StringTemplate(template) => self.template(template, path, true),
            Expression::HeredocTemplate(heredoc) => self.template(&heredoc.template, path, false),
            _ => {
                self.reject(expr, span, path);
                Value::Null
            }
        };
        Node { span, value }
    }

    fn object(&mut self, object: &Object, path: &SpecPath, holder: &str) -> Vec<Entry> {
        let parent = Rc::new(path.clone());
        object
            .iter()
            .map(|(key, value)| {
                let key_span = span(key.span());
                let key = self.object_key(key, key_span, path);
                let labelled = has_labels(holder) && value.expr().is_object();
                let value = self.expr(
                    value.expr(),
                    &SpecPath::key(&parent, key.as_str(), labelled),
                    &key,
                );
                Entry {
                    key,
                    key_span,
                    value,
                }
            })
            .collect()
    }

    /// An object key as text. HCL evaluates key expressions, but a literal
    /// number or bool has an obvious text, so those are allowed like strings.
    fn object_key(&mut self, key: &ObjectKey, key_span: Span, path: &SpecPath) -> String {
        let expr = match key {
            ObjectKey::Ident(ident) => return ident.as_str().to_string(),
            ObjectKey::Expression(expr) => expr,
        };
        let reported = self.diagnostics.len();
        match self.expr(expr, path, "").value {
            Value::String(text) | Value::Number(text) => text,
            Value::Bool(value) => value.to_string(),
            other => {
                if self.diagnostics.len() == reported {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Kind::Type,
                            path,
                            Some(key_span),
                            format!(
                                "an object key is a name or a string, not {}",
                                other.type_name()
                            ),
                        )
                        .with_help("write the key as a name, `key = ...`, or a quoted string"),
                    );
                }
                self.slice(key_span).to_string()
            }
        }
    }

    /// A template is a plain string when all its parts are literal; `$${` and
    /// `%%{` reach here already unescaped.
    fn template(&mut self, template: &Template, path: &SpecPath, quoted: bool) -> Value {
        let mut text = String::new();
        let mut literal = true;
        for element in template.iter() {
            let element_span = span(element.span());
            match element {
                Element::Literal(part) => {
                    if quoted {
                        self.check_one_line(element_span, path);
                    }
                    text.push_str(part);
                }
                Element::Interpolation(_) => {
                    literal = false;
                    self.reject_template_part(element_span, path, "the interpolation", "$${", "${");
                }
                Element::Directive(_) => {
                    literal = false;
                    let what = "the template directive";
                    self.reject_template_part(element_span, path, what, "%%{", "%{");
                }
            }
        }
        if literal {
            Value::String(text)
        } else {
            Value::Null
        }
    }

    fn reject_template_part(
        &mut self,
        span: Span,
        path: &SpecPath,
        what: &str,
        escape: &str,
        marker: &str,
    ) {
        let mut help = format!("write {escape} for a literal \"{marker}\"");
        if marker == "${" {
            help.push_str(", for example an IAM policy variable: \"$${aws:username}\"");
        }
        let message = evaluated(what, self.slice(span));
        let diagnostic = Diagnostic::error(Kind::Expression, path, Some(span), message);
        self.diagnostics.push(diagnostic.with_help(help));
    }

    fn reject(&mut self, expr: &Expression, span: Span, path: &SpecPath) {
        let what = match expr {
            Expression::Traversal(traversal)
                if traversal.operators.iter().any(|op| {
                    matches!(
                        op.value(),
                        TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_)
                    )
                }) =>
            {
                "the splat expression"
            }
            Expression::Variable(_) | Expression::Traversal(_) => "the reference",
            Expression::FuncCall(_) => "the function call",
            Expression::UnaryOp(_) | Expression::BinaryOp(_) => "the operation",
            Expression::Conditional(_) => "the conditional",
            Expression::ForExpr(_) => "the for expression",
            Expression::Parenthesis(_) => "the parenthesized expression",
            _ => "the expression",
        };
        let help = match expr {
            // Most likely a word that lost its quotes: `api = CreateTrainingJob`.
            Expression::Variable(name) => format!(
                "write the value itself; if you meant the text, quote it: \"{}\"",
                name.as_str()
            ),
            // `({ input = "env" }) = "dev"` as an object key (a tag's):
            // keys are the names the spec fixes; only a value may be an
            // input.
            Expression::Parenthesis(p)
                if matches!(p.inner(), Expression::Object(o) if o.iter().any(|(k, _)| {
                    matches!(k, ObjectKey::Ident(i) if i.as_str() == "input")
                })) =>
            {
                "an object key is a literal name, never an input: write the key as a name or a quoted string; a tag's value may be an input, `key = { input = \"NAME\" }`".to_string()
            }
            _ => "write the value itself as a string, number, list or object".to_string(),
        };
        let message = evaluated(what, self.slice(span));
        let diagnostic = Diagnostic::error(Kind::Expression, path, Some(span), message);
        self.diagnostics.push(diagnostic.with_help(help));
    }

    /// hcl-edit accepts line breaks inside quoted strings; HCL does not, and a
    /// line break there is more often a missing closing quote than intended.
    fn check_one_line(&mut self, span: Span, path: &SpecPath) {
        let text = self.slice(span);
        if let Some(newline) = text.find('\n') {
            // Point at the opening quote when the span has one: it is what is unclosed.
            let start = if text.starts_with('"') {
                span.start
            } else {
                span.start + newline
            };
            let diagnostic = Diagnostic::error(
                Kind::Syntax,
                path,
                Some(Span::new(start, span.end)),
                "a quoted string cannot span lines",
            );
            self.diagnostics.push(diagnostic.with_help(
                "close the string on the line where it starts; write \\n for a line break, \
                 or use a heredoc (<<-EOT ... EOT) for text over several lines",
            ));
        }
    }
}

/// The message for an expression that a spec cannot hold.
fn evaluated(what: &str, text: &str) -> String {
    format!(
        "a spec holds values, not expressions: {what} `{}` would be evaluated",
        excerpt(text)
    )
}

/// The first line of `text`, shortened to fit in a message.
fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    let text = text.trim();
    let first_line = text.lines().next().unwrap_or_default().trim_end();
    if first_line.len() == text.len() && first_line.chars().count() <= MAX_CHARS {
        return first_line.to_string();
    }
    let short: String = first_line.chars().take(MAX_CHARS).collect();
    format!("{}...", short.trim_end())
}

/// Where a block's `{` is: after its type and labels, past spaces and `/* */` comments.
fn open_brace(text: &str, mut at: usize) -> usize {
    loop {
        let rest = text.get(at..).unwrap_or_default();
        if rest.starts_with([' ', '\t']) {
            at += 1;
        } else if let Some(comment) = rest.strip_prefix("/*") {
            match comment.find("*/") {
                Some(end) => at += 2 + end + 2,
                None => return at,
            }
        } else {
            return at;
        }
    }
}

/// Turns hcl-edit's parse error into a diagnostic that says what to fix.
///
/// The parser's message names the grammar's expectations ("invalid expression;
/// expected `\"`, `[`, `{`, ..."), and after backtracking over a structure it
/// may only say "unexpected token" at the start of the line. Common mistakes
/// are recognized here and get a plainer message and a hint.
fn syntax_error(source: &Source, error: &ParseError) -> Diagnostic {
    let text = source.text.as_str();
    let at = error_offset(text, error);

    // A string left open makes hcl-edit fail late or far away; the quote that
    // opens it is the problem, unless the parser stopped on an earlier line.
    if let Some(quote) = unterminated_string(text) {
        if source.line_col(quote).0 <= source.line_col(at).0 {
            let end = text[quote..].find('\n').map_or(text.len(), |i| quote + i);
            let span = Span::new(quote, end);
            let diagnostic = Diagnostic::error(Kind::Syntax, "", Some(span), "unterminated string");
            return diagnostic.with_help(
                "close the string with `\"` on the line where it starts; \
                 for text over several lines, use a heredoc (<<-EOT ... EOT)",
            );
        }
    }

    let message = error
        .message()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let found = text.get(at..).and_then(|rest| rest.chars().next());
    let span = Span::new(at, at + found.map_or(0, char::len_utf8));
    let mut explained = Explained {
        kind: Kind::Syntax,
        span,
        message,
        help: None,
    };
    explained.explain(source, found);
    let diagnostic = Diagnostic::error(explained.kind, "", Some(explained.span), explained.message);
    match explained.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// A parse error on its way to a diagnostic.
struct Explained {
    kind: Kind,
    span: Span,
    message: String,
    help: Option<String>,
}

impl Explained {
    fn set(&mut self, message: impl Into<String>, help: impl Into<String>) {
        self.message = message.into();
        self.help = Some(help.into());
    }

    /// Rewords the parser's message for the mistakes people make, given the
    /// character the parser stopped at (`None` at the end of the file).
    fn explain(&mut self, source: &Source, found: Option<char>) {
        let text = source.text.as_str();
        let at = self.span.start;
        let parsed = self.message.clone();
        if at == 0 && found == Some('\u{feff}') {
            self.set(
                "the file starts with a byte order mark (U+FEFF)",
                "save the file as UTF-8 without a byte order mark",
            );
        } else if parsed.contains("redefined attribute") {
            // hcl-edit rejects a second `name = ...` in a body, as HCL does.
            let name = leading_word(&text[at..]);
            self.kind = Kind::Duplicate;
            self.span = Span::new(at, at + name.len());
            self.set(
                format!("`{name}` is already set in this block"),
                "an attribute can be set only once in a block; remove one of them",
            );
        } else if parsed.contains("redefined object key") {
            let key = leading_word(&text[at..]);
            self.kind = Kind::Duplicate;
            self.span = Span::new(at, at + key.len());
            self.set(
                format!("the key {key} is already set in this object"),
                "a key can appear only once in an object; remove one of them",
            );
        } else if parsed.contains("heredoc end delimiter") {
            // hcl-edit points at the heredoc's first line; what is missing is its end.
            let opener = text[..at].rfind("<<").unwrap_or(at);
            let name = leading_word(text[opener + 2..].trim_start_matches('-'));
            let end = text[opener..].find('\n').map_or(text.len(), |i| opener + i);
            self.span = Span::new(opener, end);
            self.set(
                format!(
                    "the heredoc `{}` is never closed",
                    text[opener..end].trim_end()
                ),
                format!("end the heredoc with a line holding only {name}"),
            );
        } else if found == Some('\'') {
            self.set("unexpected `'`", "HCL strings use double quotes: \"...\"");
        } else if found.is_none() && parsed.contains("block body") {
            let help = match unclosed_brace(text) {
                Some(brace) => {
                    let (line, column) = source.line_col(brace);
                    format!("add the `}}` that closes the `{{` at line {line}, column {column}")
                }
                None => "add the missing `}`".to_string(),
            };
            self.set("unexpected end of file: a block is not closed", help);
        } else if found.is_none() {
            self.message = format!("unexpected end of file: {parsed}");
        } else if parsed.starts_with("invalid expression") {
            self.set(
                format!("expected a value, found {}", describe(found)),
                "a value is a string in double quotes, a number, true, false, null, \
                 a list [...] or an object { ... }",
            );
        } else if parsed.starts_with("expected newline or eof") {
            self.set(
                format!(
                    "expected a line break after the value, found {}",
                    describe(found)
                ),
                "each attribute or block goes on a line of its own; \
                 separate list items with `,`",
            );
        } else if parsed.starts_with("invalid structure") {
            self.set(
                format!("expected `=` or a block, found {}", describe(found)),
                "an attribute is written `name = value`, a block `type \"label\" { ... }`",
            );
        } else if parsed.contains("escape sequence") || parsed.contains("hex code") {
            // hcl-edit points after the backslash; the escape starts at it.
            let backslash = text[..at].rfind('\\').unwrap_or(at);
            self.span.start = backslash;
            self.help = Some(
                "HCL string escapes are \\n, \\r, \\t, \\\", \\\\, \\uXXXX and \\UXXXXXXXX".into(),
            );
        } else if parsed.starts_with("invalid nesting depth") {
            self.help = Some("a spec needs only a few levels of nesting".into());
        } else if parsed.starts_with("invalid object item") {
            self.help = Some("separate object items with `,` or line breaks".into());
        } else if parsed == "expected `]`" {
            self.help = Some("close the list with `]`, and separate its items with `,`".into());
        } else if parsed == "unexpected token" && found == Some('}') {
            self.set(
                "unexpected `}`",
                "this `}` closes no block; check that every `{` has one `}`",
            );
        } else if parsed == "unexpected token" && found == Some('"') {
            self.set(
                "expected an attribute name or block type, found a quoted string",
                "attribute names and block types are written without quotes: `name = value`",
            );
        } else if parsed == "unexpected token" || parsed.starts_with("invalid block body") {
            // The parser backtracked to the start of a structure it could not read.
            self.set(
                "this line is not an attribute or a block that HCL can read",
                "an attribute is written `name = value` with a value such as \"text\", 1.5, \
                 true, [...] or { ... }; a block is written `type \"label\" { ... }`",
            );
        }
    }
}

/// The byte offset of a parse error. hcl-edit clamps the offset to the last
/// byte of the input and adds the overshoot to the column, so an error at the
/// end of the file reports the last byte; the column tells the two apart.
fn error_offset(text: &str, error: &ParseError) -> usize {
    let location = error.location();
    let offset = location.offset().min(text.len());
    if !text.is_empty() && offset + 1 == text.len() {
        let line_start = text.as_bytes()[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // The column hcl-edit gives the last byte itself.
        if location.column() > text[line_start..].chars().count() {
            return text.len();
        }
    }
    // A clamped offset may fall inside the last character; keep to a boundary.
    (0..=offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// The name or quoted string at the start of `text`.
fn leading_word(text: &str) -> &str {
    let end = match text.strip_prefix('"') {
        Some(quoted) => {
            let mut escaped = false;
            let close = quoted.char_indices().find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes || c == '\n'
            });
            match close {
                Some((i, '"')) => i + 2,
                Some((i, _)) => i + 1,
                None => text.len(),
            }
        }
        None => text
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(text.len()),
    };
    &text[..end]
}

/// A found character, for messages.
fn describe(found: Option<char>) -> String {
    match found {
        None => "the end of the file".to_string(),
        Some('\n' | '\r') => "the end of the line".to_string(),
        Some(c) if c.is_control() || c.is_whitespace() => format!("U+{:04X}", u32::from(c)),
        Some(c) => format!("`{c}`"),
    }
}

/// The opening quote of the first quoted string that a line break or the end of
/// the file interrupts, skipping comments and heredocs.
///
/// hcl-edit lets a quoted string run across lines, so an unclosed one swallows
/// the following lines and the parser fails somewhere after, or backtracks to
/// the start of the structure. This small scanner finds the quote instead.
fn unterminated_string(text: &str) -> Option<usize> {
    scan_code(text.as_bytes(), 0, false, &mut Vec::new()).err()
}

/// The last `{` that no `}` closes, outside strings, comments and heredocs.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    scan_code(text.as_bytes(), 0, false, &mut open).ok()?;
    open.last().copied()
}

/// Scans code (outside strings) from `at`, keeping the offsets of unclosed `{`
/// in `open`. Inside an interpolation (`nested`), stops after the `}` that
/// closes it. `Err` holds an unterminated string's quote.
fn scan_code(b: &[u8], mut at: usize, nested: bool, open: &mut Vec<usize>) -> Result<usize, usize> {
    while at < b.len() {
        match b[at] {
            b'#' => at = line_end(b, at),
            b'/' if b.get(at + 1) == Some(&b'/') => at = line_end(b, at),
            b'/' if b.get(at + 1) == Some(&b'*') => {
                at = find(b, at + 2, b"*/").map_or(b.len(), |end| end + 2);
            }
            b'<' if b.get(at + 1) == Some(&b'<') => at = skip_heredoc(b, at),
            b'"' => at = scan_string(b, at)?,
            b'{' => {
                open.push(at);
                at += 1;
            }
            b'}' if open.is_empty() && nested => return Ok(at + 1),
            b'}' => {
                open.pop();
                at += 1;
            }
            _ => at += 1,
        }
    }
    Ok(b.len())
}

/// Scans the quoted string whose `"` is at `quote`; returns the offset after it.
fn scan_string(b: &[u8], quote: usize) -> Result<usize, usize> {
    let mut at = quote + 1;
    loop {
        match b.get(at) {
            None | Some(b'\n' | b'\r') => return Err(quote),
            Some(b'"') => return Ok(at + 1),
            Some(b'\\') => at += 2,
            Some(b'$' | b'%') if b.get(at + 1) == Some(&b'{') => {
                // An interpolation holds code: strings nest, and lines may break.
                at = scan_code(b, at + 2, true, &mut Vec::new())?;
            }
            // `$${` and `%%{` are escapes, not interpolations.
            Some(b'$' | b'%') if b.get(at + 1) == Some(&b[at]) => at += 2,
            Some(_) => at += 1,
        }
    }
}

/// Skips a heredoc starting at `<<`, through the line holding its delimiter.
/// Anything else starting with `<<` is skipped as two bytes.
fn skip_heredoc(b: &[u8], at: usize) -> usize {
    let mut start = at + 2;
    if b.get(start) == Some(&b'-') {
        start += 1;
    }
    let name_end = (start..b.len())
        .find(|&i| !(b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-'))
        .unwrap_or(b.len());
    let delimiter = &b[start..name_end];
    if delimiter.is_empty() || !matches!(b.get(name_end), Some(b'\n' | b'\r')) {
        return at + 2;
    }
    let mut line = line_end(b, name_end) + 1;
    while line < b.len() {
        let end = line_end(b, line);
        let content = b[line..end].trim_ascii();
        if content == delimiter {
            return end;
        }
        line = end + 1;
    }
    b.len()
}

fn line_end(b: &[u8], at: usize) -> usize {
    b[at..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |i| at + i)
}

fn find(b: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    b.get(at..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (Source, Node) {
        let source = Source::new("spec.hcl", text);
        match parse(&source) {
            Ok(node) => (source, node),
            Err(diagnostics) => panic!("unexpected diagnostics: {diagnostics:#?}"),
        }
    }

    fn errors(text: &str) -> (Source, Vec<Diagnostic>) {
        let source = Source::new("spec.hcl", text);
        match parse(&source) {
            Ok(node) => panic!("expected diagnostics, got {node:#?}"),
            Err(diagnostics) => (source, diagnostics),
        }
    }

    /// The one diagnostic for `text`, with its line and column.
    fn error(text: &str) -> (Diagnostic, (usize, usize)) {
        let (source, diagnostics) = errors(text);
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

    fn keys(node: &Node) -> Vec<&str> {
        entries(node).iter().map(|e| e.key.as_str()).collect()
    }

    /// The first entry named `key`.
    fn entry<'a>(node: &'a Node, key: &str) -> &'a Entry {
        let found = entries(node).iter().find(|e| e.key == key);
        found.unwrap_or_else(|| panic!("no entry {key:?} in {node:?}"))
    }

    fn get<'a>(node: &'a Node, key: &str) -> &'a Node {
        &entry(node, key).value
    }

    fn text(source: &Source, span: Span) -> &str {
        &source.text[span.start..span.end]
    }

    fn string(value: &str) -> Value {
        Value::String(value.to_string())
    }

    const SPEC: &str = r#"# A spec for one training job.
name_prefix = "ml-"

guardrails {
  permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"
  tags = {
    team          = "ml"
    "cost-center" = "42"
  }
}

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

workload "serve" {
  api = "CreateModel"
}
"#;

    #[test]
    fn realistic_spec_becomes_a_tree_with_spans() {
        let (source, root) = ok(SPEC);
        assert_eq!(root.span, Span::new(0, SPEC.len()));
        assert_eq!(
            keys(&root),
            ["name_prefix", "guardrails", "workload", "workload"]
        );

        let prefix = entry(&root, "name_prefix");
        assert_eq!(text(&source, prefix.key_span), "name_prefix");
        assert_eq!(prefix.value.value, string("ml-"));
        assert_eq!(text(&source, prefix.value.span), "\"ml-\"");

        let guardrails = get(&root, "guardrails");
        assert!(text(&source, guardrails.span).starts_with("{\n  permissions_boundary"));
        assert!(text(&source, guardrails.span).ends_with("\"42\"\n  }\n}"));
        let tags = entry(guardrails, "tags");
        assert_eq!(keys(&tags.value), ["team", "cost-center"]);
        let cost_center = entry(&tags.value, "cost-center");
        assert_eq!(text(&source, cost_center.key_span), "\"cost-center\"");
        assert_eq!(cost_center.value.value, string("42"));

        let train_entry = &entries(get(&root, "workload"))[0];
        assert_eq!(train_entry.key, "train");
        assert_eq!(text(&source, train_entry.key_span), "\"train\"");
        let train = &train_entry.value;
        assert_eq!(
            keys(train),
            ["api", "inputs", "retries", "ratio", "spot", "kms", "vpc"]
        );
        let inputs = get(train, "inputs");
        assert_eq!(
            text(&source, inputs.span),
            r#"["s3://bucket/data/", "s3://bucket/more/"]"#
        );
        let Value::List(items) = &inputs.value else {
            panic!("inputs is not a list: {inputs:?}");
        };
        assert_eq!(items[1].value, string("s3://bucket/more/"));
        assert_eq!(text(&source, items[1].span), "\"s3://bucket/more/\"");
        assert_eq!(get(train, "retries").value, Value::Number("3".into()));
        assert_eq!(get(train, "ratio").value, Value::Number("1.50".into()));
        assert_eq!(get(train, "spot").value, Value::Bool(true));
        assert_eq!(get(train, "kms").value, Value::Null);
        let subnets = get(get(train, "vpc"), "subnets");
        assert_eq!(text(&source, subnets.span), "[\"subnet-1\"]");

        let serve = &entries(&entries(&root)[3].value)[0];
        assert_eq!(serve.key, "serve");
        assert_eq!(get(&serve.value, "api").value, string("CreateModel"));
    }

    #[test]
    fn labels_nest_as_maps() {
        let src = "caller \"ci\" \"deploy\" /* { */ {\n  roles = [\"a\"]\n}\nvpc {}\n";
        let (source, root) = ok(src);
        let caller = entry(&root, "caller");
        assert_eq!(text(&source, caller.key_span), "caller");
        // caller = { ci = { deploy = { roles = [...] } } }
        let ci = &entries(&caller.value)[0];
        assert_eq!(
            (ci.key.as_str(), text(&source, ci.key_span)),
            ("ci", "\"ci\"")
        );
        assert!(text(&source, caller.value.span).starts_with("\"ci\" \"deploy\""));
        assert_eq!(entries(&caller.value).len(), 1);
        let deploy = &entries(&ci.value)[0];
        assert_eq!(deploy.key, "deploy");
        assert_eq!(entries(&ci.value).len(), 1);
        assert_eq!(text(&source, deploy.value.span), "{\n  roles = [\"a\"]\n}");
        assert_eq!(keys(&deploy.value), ["roles"]);

        let vpc = get(&root, "vpc");
        assert_eq!(vpc.value, Value::Map(Vec::new()));
        assert_eq!(text(&source, vpc.span), "{}");
    }

    #[test]
    fn repeated_blocks_stay_separate_entries() {
        let (source, root) = ok("role \"a\" {}\nrole \"a\" { x = 1 }\nvpc {}\n");
        assert_eq!(keys(&root), ["role", "role", "vpc"]);
        let first = &entries(&entries(&root)[0].value)[0];
        let second = &entries(&entries(&root)[1].value)[0];
        assert_eq!((first.key.as_str(), second.key.as_str()), ("a", "a"));
        assert_eq!(text(&source, first.value.span), "{}");
        assert_eq!(text(&source, second.value.span), "{ x = 1 }");
    }

    #[test]
    fn objects_take_names_strings_and_colons() {
        let (source, root) = ok("o = { a = 1, \"b c\" = [], d: { e = true }, 7 = \"n\" }\n");
        let object = get(&root, "o");
        assert_eq!(keys(object), ["a", "b c", "d", "7"]);
        let b = entry(object, "b c");
        assert_eq!(text(&source, b.key_span), "\"b c\"");
        assert_eq!(b.value.value, Value::List(Vec::new()));
        assert_eq!(get(get(object, "d"), "e").value, Value::Bool(true));
    }

    #[test]
    fn hcl_edit_unescapes_dollar_dollar_into_a_plain_string() {
        // What hcl-edit itself produces: no template, the escape already resolved.
        let body = hcl_edit::parser::parse_body("a = \"x$${y}%%{z}\"\n").unwrap();
        let value = &body.get_attribute("a").unwrap().value;
        assert_eq!(value.as_str(), Some("x${y}%{z}"));
    }

    #[test]
    fn escaped_markers_are_literal_text() {
        let src = "policy_variable = \"arn:aws:s3:::b/$${aws:username}/*\"\nd = \"%%{x}\"\n";
        let (source, root) = ok(src);
        let variable = get(&root, "policy_variable");
        assert_eq!(variable.value, string("arn:aws:s3:::b/${aws:username}/*"));
        assert_eq!(
            text(&source, variable.span),
            "\"arn:aws:s3:::b/$${aws:username}/*\""
        );
        assert_eq!(get(&root, "d").value, string("%{x}"));
    }

    #[test]
    fn heredocs_are_strings() {
        let src = concat!(
            "a = <<EOT\n  keep $${x}\n    indent\nEOT\n",
            "b = <<-EOT\n    strip\n      nest\n\n    EOT\n",
        );
        let (source, root) = ok(src);
        let a = get(&root, "a");
        assert_eq!(a.value, string("  keep ${x}\n    indent\n"));
        assert!(text(&source, a.span).starts_with("<<EOT\n"));
        assert!(text(&source, a.span).ends_with("\nEOT"));
        assert_eq!(get(&root, "b").value, string("strip\n  nest\n\n"));
    }

    #[test]
    fn flush_heredocs_strip_like_the_hcl_spec_suite() {
        // Cases from HashiCorp's specsuite, tests/expressions/heredoc.hcl.
        let src = concat!(
            "indented_less = <<-EOT\n    Foo\n  Bar\n    Baz\n  EOT\n",
            "indented_newlines_between = <<-EOT\n    Foo\n\n    Bar\n\n    Baz\n  EOT\n",
            "marker_at_suffix = <<EOT\n    NOT EOT\n  EOT\n",
        );
        let (_, root) = ok(src);
        assert_eq!(
            get(&root, "indented_less").value,
            string("  Foo\nBar\n  Baz\n")
        );
        let between = get(&root, "indented_newlines_between");
        assert_eq!(between.value, string("Foo\n\nBar\n\nBaz\n"));
        assert_eq!(
            get(&root, "marker_at_suffix").value,
            string("    NOT EOT\n")
        );
    }

    #[test]
    fn escapes_in_quoted_strings_are_resolved() {
        let (_, root) = ok("a = \"tab\\t quote\\\" \\u00e9 \\U0001F600\"\n");
        assert_eq!(
            get(&root, "a").value,
            string("tab\t quote\" \u{e9} \u{1F600}")
        );
    }

    #[test]
    fn numbers_keep_their_text() {
        let (_, root) = ok("a = [0, -1, 1.5e3, 10E-2, 007]\n");
        let Value::List(items) = &get(&root, "a").value else {
            panic!("not a list");
        };
        let texts: Vec<_> = items.iter().map(|n| n.value.clone()).collect();
        let expected = ["0", "-1", "1.5e3", "10E-2", "007"].map(|n| Value::Number(n.into()));
        assert_eq!(texts, expected);
    }

    #[test]
    fn every_expression_kind_is_rejected_where_it_is() {
        // (expression, column of the diagnostic on line 2, what the message names)
        let cases = [
            ("\"${var.x}\"", 6, "the interpolation `${var.x}`"),
            ("\"a-${var.x}-b\"", 8, "the interpolation `${var.x}`"),
            (
                "\"%{ if true }y%{ endif }\"",
                6,
                "the template directive `%{ if true }y%{ endif }`",
            ),
            ("foo", 5, "the reference `foo`"),
            ("var.x", 5, "the reference `var.x`"),
            ("local.m[\"k\"]", 5, "the reference"),
            ("upper(\"x\")", 5, "the function call `upper(\"x\")`"),
            ("provider::aws::arn_parse(\"x\")", 5, "the function call"),
            ("1 + 2", 5, "the operation `1 + 2`"),
            ("!true", 5, "the operation"),
            ("-var.n", 5, "the operation"),
            ("true ? 1 : 2", 5, "the conditional `true ? 1 : 2`"),
            ("[for s in var.l : upper(s)]", 5, "the for expression"),
            ("{ for k, v in var.m : k => v }", 5, "the for expression"),
            ("var.l[*].id", 5, "the splat expression `var.l[*].id`"),
            ("var.l.*.id", 5, "the splat expression"),
            ("(1)", 5, "the parenthesized expression `(1)`"),
            ("[1, var.x]", 9, "the reference `var.x`"),
        ];
        for (expr, column, what) in cases {
            let (diagnostic, at) = error(&format!("a = 1\nx = {expr}\n"));
            assert_eq!(diagnostic.kind, Kind::Expression, "{expr}");
            assert_eq!(at, (2, column), "{expr}");
            assert!(
                diagnostic.message.contains(what),
                "{expr}: {}",
                diagnostic.message
            );
            assert!(diagnostic
                .message
                .starts_with("a spec holds values, not expressions"));
            let help = diagnostic.help.unwrap();
            if expr.contains("${") {
                assert!(help.contains("$${aws:username}"), "{help}");
            } else if expr.contains("%{") {
                assert!(help.contains("%%{"), "{help}");
            } else {
                assert!(help.starts_with("write the value itself"), "{help}");
            }
        }
    }

    #[test]
    fn a_bare_word_suggests_quotes() {
        let (diagnostic, _) = error("api = CreateTrainingJob\n");
        assert!(diagnostic.help.unwrap().contains("\"CreateTrainingJob\""));
    }

    #[test]
    fn interpolation_in_a_heredoc_is_rejected() {
        let (diagnostic, at) = error("a = <<EOT\nhello\n  ${var.name}\nEOT\n");
        assert_eq!((diagnostic.kind, at), (Kind::Expression, (3, 3)));
        assert!(diagnostic.message.contains("`${var.name}`"));
    }

    #[test]
    fn every_bad_expression_is_reported_with_its_path() {
        let src = r#"name_prefix = "${var.prefix}"
workload "train" {
  inputs = ["s3://ok/", var.bucket]
  vpc {
    subnets = [local.subnet]
  }
  tags = { team = upper("ml") }
}
workload = { serve = { api = api_name } }
o = { (var.k) = 1 }
"#;
        let (source, diagnostics) = errors(src);
        let found: Vec<_> = diagnostics
            .iter()
            .map(|d| {
                (
                    d.kind,
                    d.path.as_str(),
                    source.line_col(d.span.unwrap().start),
                )
            })
            .collect();
        let expr = Kind::Expression;
        assert_eq!(
            found,
            [
                (expr, "name_prefix", (1, 16)),
                (expr, "workload \"train\".inputs[1]", (3, 25)),
                (expr, "workload \"train\".vpc.subnets[0]", (5, 16)),
                (expr, "workload \"train\".tags.team", (7, 19)),
                (expr, "workload \"serve\".api", (9, 30)),
                (expr, "o", (10, 7)),
            ]
        );
    }

    #[test]
    fn a_list_or_object_key_is_a_type_error() {
        let (diagnostic, at) = error("o = {\n  [1] = 2\n}\n");
        assert_eq!((diagnostic.kind, at), (Kind::Type, (2, 3)));
        assert!(diagnostic.message.contains("not a list"));
    }

    #[test]
    fn a_multi_line_quoted_string_is_rejected() {
        // hcl-edit accepts it; HCL does not.
        let (diagnostic, at) = error("a = 1\nb = \"two\n  lines\"\n");
        assert_eq!((diagnostic.kind, at), (Kind::Syntax, (2, 5)));
        assert_eq!(diagnostic.message, "a quoted string cannot span lines");
    }

    #[test]
    fn single_quotes_point_at_the_quote() {
        let (diagnostic, at) = error("a = 1\nb = 'x'\n");
        assert_eq!((diagnostic.kind, at), (Kind::Syntax, (2, 5)));
        assert!(diagnostic.help.unwrap().contains("double quotes"));
        let (diagnostic, at) = error("workload 'train' {\n}\n");
        assert_eq!(at, (1, 10));
        assert!(diagnostic.help.unwrap().contains("double quotes"));
    }

    #[test]
    fn an_unterminated_string_points_at_its_quote() {
        for (src, at) in [
            ("a = 1\nb = \"x\nc = 2\n", (2, 5)),
            ("x {\n  a = 1\n  b = \"x\n}\n", (3, 7)),
            ("a = \"x\nb = \"y\"\n", (1, 5)),
            (
                "# \"quoted\" in a comment\na = <<EOT\n\"\nEOT\nb = [\"${\"}\"}\", \"z]\n",
                (5, 16),
            ),
            ("a = \"x", (1, 5)),
        ] {
            let (diagnostic, found) = error(src);
            assert_eq!(diagnostic.message, "unterminated string", "{src:?}");
            assert_eq!(found, at, "{src:?}");
        }
    }

    #[test]
    fn an_earlier_syntax_error_wins_over_a_later_unclosed_string() {
        let (diagnostic, at) = error("a = [1 2]\nb = \"x\n");
        assert_eq!(at, (1, 8));
        assert_eq!(diagnostic.message, "expected `]`");
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        // (source, line and column, words in the message)
        let cases = [
            (
                "a = 1\nb = \n",
                (2, 5),
                "expected a value, found the end of the line",
            ),
            ("a: 1\n", (1, 2), "expected `=` or a block, found `:`"),
            (
                "a = 1 b = 2\n",
                (1, 7),
                "expected a line break after the value, found `b`",
            ),
            ("a = { b = 1 c = 2 }\n", (1, 13), "invalid object item"),
            ("a = \"\\q\"\n", (1, 6), "escape sequence"),
            ("a = \"\\u12\"\n", (1, 6), "hex code"),
            ("a = 1\n}\n", (2, 1), "unexpected `}`"),
            ("a = 1\n\"b\" = 2\n", (2, 1), "found a quoted string"),
            (
                "a = <<-EOT\ntext\n",
                (1, 5),
                "the heredoc `<<-EOT` is never closed",
            ),
            ("w \"t\" {\n  a = 1\n", (3, 1), "a block is not closed"),
            (
                "w \"t\" {\n  a = [1,\n",
                (3, 1),
                "unexpected end of file: expected `]`",
            ),
            (
                "a = 1\nb = 1.\n",
                (2, 1),
                "this line is not an attribute or a block",
            ),
        ];
        for (src, at, words) in cases {
            let (diagnostic, found) = error(src);
            assert_eq!(diagnostic.kind, Kind::Syntax, "{src:?}");
            assert_eq!(found, at, "{src:?}: {diagnostic:?}");
            assert!(
                diagnostic.message.contains(words),
                "{src:?}: {}",
                diagnostic.message
            );
            assert!(!diagnostic.message.contains('\n'));
        }
    }

    #[test]
    fn an_unclosed_block_names_its_brace() {
        let src = "a = { b = \"}\" } # }\nw \"t\" {\n  vpc {\n    subnets = []\n  }\n";
        let (diagnostic, at) = error(src);
        assert_eq!(at, (6, 1));
        let help = diagnostic.help.unwrap();
        assert!(help.contains("`{` at line 2, column 7"), "{help}");
    }

    #[test]
    fn deep_nesting_is_a_syntax_error() {
        let deep = |depth: usize| format!("a = {}{}\n", "[".repeat(depth), "]".repeat(depth));
        // The outermost list is the attribute value; 64 levels nest inside it.
        ok(&deep(65));
        let (diagnostic, at) = error(&deep(1000));
        assert_eq!((diagnostic.kind, at), (Kind::Syntax, (1, 70)));
        assert!(
            diagnostic.message.contains("nesting depth"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn a_repeated_attribute_is_a_duplicate() {
        let (diagnostic, at) = error("vpc {\n  subnets = []\n  subnets = [\"a\"]\n}\n");
        assert_eq!((diagnostic.kind, at), (Kind::Duplicate, (3, 3)));
        assert_eq!(diagnostic.message, "`subnets` is already set in this block");
        let (diagnostic, at) = error("tags = {\n  \"a\" = 1\n  \"a\" = 2\n}\n");
        assert_eq!((diagnostic.kind, at), (Kind::Duplicate, (3, 3)));
        assert_eq!(
            diagnostic.message,
            "the key \"a\" is already set in this object"
        );
    }

    #[test]
    fn a_byte_order_mark_is_explained() {
        let (diagnostic, at) = error("\u{feff}a = 1\n");
        assert_eq!(at, (1, 1));
        assert!(diagnostic.message.contains("byte order mark"));
    }

    #[test]
    fn an_empty_file_is_an_empty_map() {
        let (_, root) = ok("");
        assert_eq!(root.value, Value::Map(Vec::new()));
        let (_, root) = ok("# only a comment\n\n");
        assert_eq!(root.value, Value::Map(Vec::new()));
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("var.x"), "var.x");
        assert_eq!(excerpt("[for s in x :\n s]"), "[for s in x :...");
        let long = format!("f({})", "a".repeat(60));
        assert_eq!(excerpt(&long), format!("f({}...", "a".repeat(38)));
    }
}
