//! A small HCL document writer whose output is already in `terraform fmt` style.
//!
//! The caller builds a typed tree ([`Body`], [`Block`], [`Attribute`], [`Expr`]) and
//! [`to_string`] renders it; or hands the items of a body, as it makes them, to a
//! [`BodyWriter`], which writes the same text without the tree (for values, see [`Value`]). The layout mirrors hclwrite's formatter (the code behind
//! `terraform fmt`, verified against Terraform v1.11.4), so the rendered text passes
//! `terraform fmt -check` unchanged:
//!
//! * Two spaces of indentation per nesting level, no trailing whitespace, exactly one newline at
//!   the end of a non-empty document. The writer never inserts blank lines; [`Item::Blank`]s are
//!   written as given, except that runs of them collapse to one and leading/trailing ones in a
//!   body are dropped (terraform fmt would keep them, but they are never intended).
//! * hclwrite splits every line into a "lead" and an "assign" cell. A line only has an assign
//!   cell when its `=` is followed by a complete single-line expression (net bracket count zero).
//!   Consecutive lines with an assign cell form a run and their `=` signs are padded to line up
//!   one space after the widest key. Every other line (blank line, comment, block header, closing
//!   bracket, list element, and the `key = [` / `key = {` opener of a multi-line value) ends the
//!   run. The opener itself is not padded (it has no assign cell), and the attributes after the
//!   multi-line value start a new run. Object elements follow exactly the same rule.
//! * Key widths are counted in grapheme clusters per lexer token (hclwrite's `Tokens.Columns`
//!   uses go-textseg), not in bytes, chars or display columns: `"中文"` is 4 wide, `"e\u{301}"` 3.
//! * Lists with at most one scalar element are inline (`["a"]`); others have one element per line
//!   with a trailing comma. Non-empty objects are always multi-line; both are inline (`{ a = 1 }`)
//!   inside function calls and operators. Empty ones are `[]` / `{}`, empty blocks `x "y" {}`.
//! * A template that is exactly one interpolation (`"${var.x}"`) is written as the bare
//!   expression (`var.x`), because terraform fmt unwraps it.
//!
//! Terraform-specific caveats, each enforced with a `debug_assert!` where possible:
//!
//! * terraform fmt decodes and re-encodes every block label. A label containing `$` or `%` is
//!   *deleted* by it (the lexer splits the label into several tokens, which hclwrite then drops),
//!   and a label that is not in Unicode NFC is rewritten in NFC. Labels should be identifiers.
//! * Inside `variable` blocks terraform fmt rewrites a quoted `type` (`type = "string"`) to a bare
//!   one, so build type constraints with [`Expr::traversal`] / [`Expr::call`] (`string`,
//!   `list(string)`), never with [`Expr::string`].

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::emit::push_spaces;

// ---------------------------------------------------------------------------------------------
// Typed tree
// ---------------------------------------------------------------------------------------------

/// The body of a file or of a block: an ordered sequence of items.
///
/// The tree borrows its text where it can (`'a` is usually the model being emitted): every
/// string in it is a [`Cow`], so that names, actions and ARN pieces are not copied just to be
/// written once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body<'a> {
    pub items: Vec<Item<'a>>,
}

/// One entry of a [`Body`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<'a> {
    Attribute(Attribute<'a>),
    Block(Block<'a>),
    /// A `#` line comment; embedded newlines produce several comment lines.
    Comment(Cow<'a, str>),
    /// An empty line. Runs of blanks are collapsed and blanks at the start or end of a body are
    /// dropped.
    Blank,
}

/// `key = value`. The key must be an HCL identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub key: Cow<'a, str>,
    pub value: Expr<'a>,
}

/// `ident "label1" "label2" { body }`.
///
/// Labels must not contain `$` or `%` and should be in NFC, see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    pub ident: Cow<'a, str>,
    pub labels: Vec<Cow<'a, str>>,
    pub body: Body<'a>,
}

/// An HCL expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr<'a> {
    /// A quoted string of literal text only, escaped on output; the same as a [`Expr::Template`]
    /// of one [`TemplatePart::Literal`], without the list.
    String(Cow<'a, str>),
    /// A quoted string, possibly with `${...}` interpolations.
    Template(Vec<TemplatePart<'a>>),
    /// A reference such as `var.x` or `data.aws_partition.current.partition`, written verbatim
    /// (so `aws_iam_role.x[0]` is fine too).
    Traversal(Cow<'a, str>),
    Number(i64),
    Bool(bool),
    Null,
    List(Vec<Expr<'a>>),
    Object(Vec<(ObjectKey<'a>, Expr<'a>)>),
    /// A function call, always written on one line with its arguments inline.
    FuncCall(Cow<'a, str>, Vec<Expr<'a>>),
    Binary(Box<Expr<'a>>, BinaryOp, Box<Expr<'a>>),
    /// `condition ? true_value : false_value`.
    Conditional(Box<Expr<'a>>, Box<Expr<'a>>, Box<Expr<'a>>),
}

/// A piece of a quoted template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart<'a> {
    /// Literal text, escaped on output.
    Literal(Cow<'a, str>),
    /// `${a.b.c}`, given as the traversal written between the braces.
    Interpolation(Cow<'a, str>),
}

/// The key of an object element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectKey<'a> {
    /// A bare identifier key (`Name = ...`); must be a valid HCL identifier.
    Ident(Cow<'a, str>),
    /// A quoted key (`"aws:SourceArn" = ...`).
    Quoted(Cow<'a, str>),
}

/// The binary operators the writer supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    And,
    Or,
    /// `<=`, which binds tighter than `==` (HCL's comparison operators).
    LessEq,
}

impl<'a> Body<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty body with room for `items` items, for callers that know how many they add.
    pub fn with_capacity(items: usize) -> Self {
        Body {
            items: Vec::with_capacity(items),
        }
    }

    /// Appends `key = value`.
    pub fn attr(mut self, key: impl Into<Cow<'a, str>>, value: impl Into<Expr<'a>>) -> Self {
        self.items.push(Item::Attribute(Attribute {
            key: key.into(),
            value: value.into(),
        }));
        self
    }

    /// Appends a nested block.
    pub fn block(mut self, block: Block<'a>) -> Self {
        self.items.push(Item::Block(block));
        self
    }

    /// Appends a `#` comment (may contain newlines).
    pub fn comment(mut self, text: impl Into<Cow<'a, str>>) -> Self {
        self.items.push(Item::Comment(text.into()));
        self
    }

    /// Appends an empty line.
    pub fn blank(mut self) -> Self {
        self.items.push(Item::Blank);
        self
    }

    /// Appends any item, for callers that build a body imperatively.
    pub fn push(&mut self, item: impl Into<Item<'a>>) {
        self.items.push(item.into());
    }
}

impl<'a> From<Attribute<'a>> for Item<'a> {
    fn from(attr: Attribute<'a>) -> Self {
        Item::Attribute(attr)
    }
}

impl<'a> From<Block<'a>> for Item<'a> {
    fn from(block: Block<'a>) -> Self {
        Item::Block(block)
    }
}

impl<'a> Block<'a> {
    /// A block without labels and with an empty body.
    pub fn new(ident: impl Into<Cow<'a, str>>) -> Self {
        Self {
            ident: ident.into(),
            labels: Vec::new(),
            body: Body::new(),
        }
    }

    /// Appends one label.
    pub fn label(mut self, label: impl Into<Cow<'a, str>>) -> Self {
        self.labels.push(label.into());
        self
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: Body<'a>) -> Self {
        self.body = body;
        self
    }
}

impl<'a> Expr<'a> {
    /// A quoted string with literal content only.
    pub fn string(s: impl Into<Cow<'a, str>>) -> Self {
        Expr::String(s.into())
    }

    /// A quoted template built from parts.
    pub fn template(parts: impl IntoIterator<Item = TemplatePart<'a>>) -> Self {
        Expr::Template(parts.into_iter().collect())
    }

    /// A traversal from its dotted form, e.g. `"data.aws_region.current.region"`.
    pub fn traversal(path: impl Into<Cow<'a, str>>) -> Self {
        Expr::Traversal(path.into())
    }

    pub fn list(items: impl IntoIterator<Item = Expr<'a>>) -> Self {
        Expr::List(items.into_iter().collect())
    }

    pub fn object(entries: impl IntoIterator<Item = (ObjectKey<'a>, Expr<'a>)>) -> Self {
        Expr::Object(entries.into_iter().collect())
    }

    pub fn call(name: impl Into<Cow<'a, str>>, args: impl IntoIterator<Item = Expr<'a>>) -> Self {
        Expr::FuncCall(name.into(), args.into_iter().collect())
    }

    pub fn binary(lhs: Expr<'a>, op: BinaryOp, rhs: Expr<'a>) -> Self {
        Expr::Binary(Box::new(lhs), op, Box::new(rhs))
    }

    /// `lhs == rhs`
    pub fn eq(lhs: Expr<'a>, rhs: Expr<'a>) -> Self {
        Self::binary(lhs, BinaryOp::Eq, rhs)
    }

    /// `lhs != rhs`
    pub fn not_eq(lhs: Expr<'a>, rhs: Expr<'a>) -> Self {
        Self::binary(lhs, BinaryOp::NotEq, rhs)
    }

    /// `lhs && rhs`
    pub fn and(lhs: Expr<'a>, rhs: Expr<'a>) -> Self {
        Self::binary(lhs, BinaryOp::And, rhs)
    }

    /// `lhs || rhs`
    pub fn or(lhs: Expr<'a>, rhs: Expr<'a>) -> Self {
        Self::binary(lhs, BinaryOp::Or, rhs)
    }

    /// `cond ? then : otherwise`
    pub fn conditional(cond: Expr<'a>, then: Expr<'a>, otherwise: Expr<'a>) -> Self {
        Expr::Conditional(Box::new(cond), Box::new(then), Box::new(otherwise))
    }
}

impl From<i64> for Expr<'_> {
    fn from(n: i64) -> Self {
        Expr::Number(n)
    }
}

impl From<bool> for Expr<'_> {
    fn from(b: bool) -> Self {
        Expr::Bool(b)
    }
}

impl<'a> TemplatePart<'a> {
    pub fn literal(s: impl Into<Cow<'a, str>>) -> Self {
        TemplatePart::Literal(s.into())
    }

    /// `${path}` from its dotted form, e.g. `"data.aws_partition.current.partition"`.
    pub fn interpolation(path: impl Into<Cow<'a, str>>) -> Self {
        TemplatePart::Interpolation(path.into())
    }

    /// The same part, borrowing its text.
    fn borrowed(&self) -> TemplatePart<'_> {
        match self {
            TemplatePart::Literal(text) => TemplatePart::Literal(Cow::Borrowed(text)),
            TemplatePart::Interpolation(path) => TemplatePart::Interpolation(Cow::Borrowed(path)),
        }
    }
}

impl<'a> ObjectKey<'a> {
    pub fn ident(s: impl Into<Cow<'a, str>>) -> Self {
        ObjectKey::Ident(s.into())
    }

    pub fn quoted(s: impl Into<Cow<'a, str>>) -> Self {
        ObjectKey::Quoted(s.into())
    }

    /// A bare key when `s` is a plain ASCII identifier, a quoted key otherwise (e.g. tag keys
    /// such as `aws:cloudformation:stack-name`). Keywords that would change the meaning of an
    /// object constructor (`for`, `null`, ...) are quoted too.
    pub fn auto(s: impl Into<Cow<'a, str>>) -> Self {
        let s = s.into();
        let keyword = matches!(&*s, "for" | "in" | "if" | "null" | "true" | "false");
        if is_ascii_identifier(&s) && !keyword {
            ObjectKey::Ident(s)
        } else {
            ObjectKey::Quoted(s)
        }
    }
}

fn is_ascii_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Loose check used in debug assertions: HCL identifiers are Unicode ID_Start/ID_Continue plus
/// `-`, which std cannot test exactly, so this only rejects obviously invalid keys.
fn looks_like_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-' || is_extend(u32::from(c)))
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

const INDENT: &str = "  ";

/// Renders a whole file. A non-empty document ends with exactly one newline; an empty one is the
/// empty string.
pub fn to_string(body: &Body) -> String {
    let mut out = String::new();
    write(&mut out, body);
    out
}

/// Renders a whole file, as [`to_string`], at the end of `out`.
pub fn write(out: &mut String, body: &Body) {
    write_body(out, body, 0);
}

/// Renders one expression on one line, as it stands inside a function call
/// (`{}`, `"text"`, `null`): for documents that quote a value of the module.
pub fn inline(expr: &Expr) -> String {
    let mut out = String::new();
    write_inline(&mut out, expr);
    out
}

fn push_indent(out: &mut String, depth: usize) {
    push_spaces(out, depth * INDENT.len());
}

/// Calls `write` with each line of a body or object and the spaces to put before its `=`.
///
/// `width` gives `Some(key width)` for a line that is a single-line `key = value` (an hclwrite
/// "assign cell") and `None` for any other line. hclwrite pads the `=` of every line in a run of
/// assign cells to one column past the run's widest key, and leaves other lines (such as the
/// `key = [` opener of a multi-line value) at a single space. Each run is measured when its first
/// line is reached, so no per-line table is built.
fn for_each_aligned<T>(
    lines: &[T],
    width: impl Fn(&T) -> Option<usize>,
    mut write: impl FnMut(&T, usize),
) {
    let mut run_end = 0;
    let mut run_width = 0;
    for (i, line) in lines.iter().enumerate() {
        let pad = match width(line) {
            Some(own) => {
                if i >= run_end {
                    let (len, widest) = lines[i..]
                        .iter()
                        .map_while(&width)
                        .fold((0, 0), |(len, widest), w| (len + 1, w.max(widest)));
                    run_end = i + len;
                    run_width = widest;
                }
                run_width - own + 1
            }
            None => 1,
        };
        write(line, pad);
    }
}

fn write_body(out: &mut String, body: &Body, depth: usize) {
    BodyWriter::at_depth(out, depth).body(body);
}

/// Writes ` = value\n` after a key, with `pad` spaces before the `=`.
fn write_assignment(out: &mut String, pad: usize, value: &(impl Value + ?Sized), depth: usize) {
    push_spaces(out, pad);
    out.push_str("= ");
    value.write_value(out, depth);
    out.push('\n');
}

fn write_block(out: &mut String, block: &Block, depth: usize) {
    write_block_header(out, &block.ident, block.labels.iter().map(|l| &**l), depth);
    write_block_body(out, depth, |b| b.body(&block.body));
}

/// Writes ` {`, the body that `write` writes, and the closing `}`; a body
/// with nothing in it (blank lines aside) as `{}`, the one-line form that
/// terraform fmt keeps.
fn write_block_body(out: &mut String, depth: usize, write: impl FnOnce(&mut BodyWriter)) {
    const OPEN: &str = " {\n";
    out.push_str(OPEN);
    let mut body = BodyWriter::at_depth(out, depth + 1);
    write(&mut body);
    if body.started {
        push_indent(out, depth);
        out.push_str("}\n");
    } else {
        out.truncate(out.len() - OPEN.len());
        out.push_str(" {}\n");
    }
}

/// Writes `ident "label"...`, indented, up to the ` {` that follows.
fn write_block_header<'l>(
    out: &mut String,
    ident: &str,
    labels: impl Iterator<Item = &'l str>,
    depth: usize,
) {
    debug_assert!(
        looks_like_identifier(ident),
        "block type {ident:?} is not an HCL identifier"
    );
    push_indent(out, depth);
    out.push_str(ident);
    for label in labels {
        // terraform fmt silently deletes a label that the lexer splits into several tokens,
        // which happens at every `$` and `%`; no spelling of such a label is stable.
        debug_assert!(
            !label.contains(['$', '%']),
            "block label {label:?} contains `$` or `%`, which terraform fmt would delete"
        );
        out.push(' ');
        write_quoted(out, label, Quoting::Label);
    }
}

fn write_comment(out: &mut String, text: &str, depth: usize) {
    // Nearly every comment is one line (one or two per policy statement): written without
    // splitting it into lines, whose search cost a third of writing it.
    let bytes = text.as_bytes();
    if !bytes.contains(&b'\n') && !bytes.contains(&b'\r') {
        write_comment_line(out, text, depth);
        return;
    }
    // Any line break style starts a new `#` line (a lone CR would otherwise end up inside the
    // comment); only text with a CR needs a copy to say so.
    let text = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    for line in text.lines() {
        write_comment_line(out, line, depth);
    }
}

/// Writes one `#` line of a comment; an empty line is a lone `#`.
fn write_comment_line(out: &mut String, line: &str, depth: usize) {
    push_indent(out, depth);
    let line = line.trim_end();
    if line.is_empty() {
        out.push('#');
    } else {
        out.push_str("# ");
        out.push_str(line);
    }
    out.push('\n');
}

fn is_scalar(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::String(_)
            | Expr::Template(_)
            | Expr::Traversal(_)
            | Expr::Number(_)
            | Expr::Bool(_)
            | Expr::Null
    )
}

/// Whether `expr`, written as the value of an attribute, object element or list element, spans
/// several lines. terraform fmt accepts either layout for lists and objects (it only re-indents
/// and re-aligns), so this is a house style; what matters for alignment is that a multi-line
/// value's opening line has no hclwrite assign cell.
fn is_multiline(expr: &Expr) -> bool {
    match expr {
        Expr::List(items) => items.len() > 1 || items.first().is_some_and(|e| !is_scalar(e)),
        Expr::Object(entries) => !entries.is_empty(),
        _ => false,
    }
}

/// Writes a value whose first line continues the current line; continuation lines are indented
/// relative to `depth`. Does not write the final newline.
fn write_value(out: &mut String, expr: &Expr, depth: usize) {
    match expr {
        Expr::List(items) if is_multiline(expr) => {
            out.push_str("[\n");
            for item in items {
                push_indent(out, depth + 1);
                write_value(out, item, depth + 1);
                out.push_str(",\n");
            }
            push_indent(out, depth);
            out.push(']');
        }
        Expr::Object(entries) if !entries.is_empty() => {
            out.push_str("{\n");
            let width = |(key, value): &(ObjectKey, Expr)| {
                (!is_multiline(value)).then(|| object_key_columns(key))
            };
            for_each_aligned(entries, width, |(key, value), pad| {
                push_indent(out, depth + 1);
                write_object_key(out, key);
                write_assignment(out, pad, value, depth + 1);
            });
            push_indent(out, depth);
            out.push('}');
        }
        _ => write_inline(out, expr),
    }
}

fn write_object_key(out: &mut String, key: &ObjectKey) {
    match key {
        ObjectKey::Ident(ident) => {
            debug_assert!(
                looks_like_identifier(ident),
                "object key {ident:?} is not an HCL identifier; use ObjectKey::Quoted"
            );
            out.push_str(ident);
        }
        ObjectKey::Quoted(text) => write_quoted(out, text, Quoting::Literal),
    }
}

/// Binding strength, used to decide where parentheses are required. HCL: `||` < `&&` <
/// `==`/`!=` < `<=`; the conditional operator binds loosest of all.
fn precedence(expr: &Expr) -> u8 {
    match expr {
        Expr::Conditional(..) => 0,
        Expr::Binary(_, op, _) => op_precedence(*op),
        _ => u8::MAX,
    }
}

fn op_precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq | BinaryOp::NotEq => 3,
        BinaryOp::LessEq => 4,
    }
}

fn op_token(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Eq => "==",
        BinaryOp::NotEq => "!=",
        BinaryOp::And => "&&",
        BinaryOp::Or => "||",
        BinaryOp::LessEq => "<=",
    }
}

fn write_operand(out: &mut String, expr: &Expr, parenthesize: bool) {
    if parenthesize {
        out.push('(');
        write_inline(out, expr);
        out.push(')');
    } else {
        write_inline(out, expr);
    }
}

fn write_separated(out: &mut String, items: &[Expr]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_inline(out, item);
    }
}

/// Writes an expression on a single line, spaced the way hclwrite spaces tokens.
fn write_inline(out: &mut String, expr: &Expr) {
    match expr {
        Expr::String(text) => write_quoted(out, text, Quoting::Literal),
        Expr::Template(parts) => write_template(out, parts),
        Expr::Traversal(path) => write_traversal(out, path),
        Expr::Number(n) => write!(out, "{n}").expect("writing to a String cannot fail"),
        Expr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Expr::Null => out.push_str("null"),
        Expr::List(items) => {
            out.push('[');
            write_separated(out, items);
            out.push(']');
        }
        // hclwrite puts spaces inside braces (`{ a = 1, b = 2 }`) but not in `{}`.
        Expr::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Expr::Object(entries) => {
            out.push_str("{ ");
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_object_key(out, key);
                out.push_str(" = ");
                write_inline(out, value);
            }
            out.push_str(" }");
        }
        Expr::FuncCall(name, args) => {
            out.push_str(name);
            out.push('(');
            write_separated(out, args);
            out.push(')');
        }
        Expr::Binary(lhs, op, rhs) => {
            let prec = op_precedence(*op);
            // Left-associative: an equal-precedence operand needs parentheses only on the right.
            write_operand(out, lhs, precedence(lhs) < prec);
            out.push(' ');
            out.push_str(op_token(*op));
            out.push(' ');
            write_operand(out, rhs, precedence(rhs) <= prec);
        }
        Expr::Conditional(cond, then, otherwise) => {
            // `a ? b : c ? d : e` nests to the right, so only the first two need parentheses.
            write_operand(out, cond, precedence(cond) == 0);
            out.push_str(" ? ");
            write_operand(out, then, precedence(then) == 0);
            out.push_str(" : ");
            write_inline(out, otherwise);
        }
    }
}

fn write_traversal(out: &mut String, path: &str) {
    debug_assert!(!path.is_empty(), "empty traversal");
    out.push_str(path);
}

/// Template parts with adjacent literals merged and empty literals dropped, so that escaping
/// sees every `${` sequence and a lone interpolation is recognised. Parts that are already
/// merged (as the emitter builds them) pass through as they are, borrowed; only adjacent
/// literals are joined into a new string.
fn merged_parts<'p>(
    parts: impl Iterator<Item = TemplatePart<'p>>,
) -> impl Iterator<Item = TemplatePart<'p>> {
    let mut parts = parts.peekable();
    std::iter::from_fn(move || loop {
        let mut text = match parts.next()? {
            TemplatePart::Interpolation(path) => return Some(TemplatePart::Interpolation(path)),
            TemplatePart::Literal(text) => text,
        };
        while let Some(TemplatePart::Literal(more)) =
            parts.next_if(|p| matches!(p, TemplatePart::Literal(_)))
        {
            if text.is_empty() {
                text = more;
            } else {
                text.to_mut().push_str(&more);
            }
        }
        if !text.is_empty() {
            return Some(TemplatePart::Literal(text));
        }
    })
}

/// A piece of a template as the writer reads it: a [`TemplatePart`], or a piece of the
/// caller's own data that [`Template`] writes without converting it first.
pub trait TemplatePiece {
    /// The text of a literal piece; `None` for an interpolation.
    fn literal(&self) -> Option<&str>;
    /// The piece as a [`TemplatePart`], borrowing its text where it can.
    fn part(&self) -> TemplatePart<'_>;
}

impl TemplatePiece for TemplatePart<'_> {
    fn literal(&self) -> Option<&str> {
        match self {
            TemplatePart::Literal(text) => Some(text),
            TemplatePart::Interpolation(_) => None,
        }
    }

    fn part(&self) -> TemplatePart<'_> {
        self.borrowed()
    }
}

fn write_template<P: TemplatePiece>(out: &mut String, parts: &[P]) {
    // Templates as the emitter builds them (literal text between interpolations) are already
    // merged; only others pay for [`merged_parts`], which cost more than the writing itself.
    let is_merged = parts.iter().all(|p| p.literal() != Some(""))
        && !parts
            .windows(2)
            .any(|pair| pair[0].literal().is_some() && pair[1].literal().is_some());
    if !is_merged {
        let merged: Vec<TemplatePart> = merged_parts(parts.iter().map(P::part)).collect();
        return write_template(out, &merged);
    }
    // terraform fmt rewrites `"${x}"` to `x`, so write the bare form directly.
    if let [part] = parts {
        if let TemplatePart::Interpolation(path) = part.part() {
            write_traversal(out, &path);
            return;
        }
    }
    out.push('"');
    for (i, part) in parts.iter().enumerate() {
        match part.part() {
            TemplatePart::Literal(text) => {
                let quoting = match parts.get(i + 1) {
                    Some(next) if next.literal().is_none() => Quoting::BeforeInterpolation,
                    _ => Quoting::Literal,
                };
                escape_into(out, &text, quoting);
            }
            TemplatePart::Interpolation(path) => {
                out.push_str("${");
                write_traversal(out, &path);
                out.push('}');
            }
        }
    }
    out.push('"');
}

/// Writes `text` as a quoted string (literal strings, block labels, quoted object keys).
fn write_quoted(out: &mut String, text: &str, quoting: Quoting) {
    out.push('"');
    escape_into(out, text, quoting);
    out.push('"');
}

/// Where escaped text ends up; selects the few context-dependent escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Template literal text or a quoted object key.
    Literal,
    /// Template literal text directly followed by an interpolation.
    BeforeInterpolation,
    /// A block label. terraform fmt decodes every label and re-encodes it with hclwrite's
    /// escaper, which additionally writes each character that Go's `unicode.IsPrint` rejects
    /// (format characters such as ZWJ, non-ASCII spaces, private use) as `\uxxxx` or
    /// `\Uxxxxxxxx`; we must produce exactly that spelling to stay unchanged.
    Label,
}

/// The one place where literal text is escaped for a quoted HCL string.
///
/// `\` `"` newline CR tab get backslash escapes, other control characters (C0, DEL, C1)
/// `\uxxxx`, and the template introducers `${` / `%{` are doubled to `$${` / `%%{`. Everything
/// else (including non-ASCII) is written as is, except in labels (see [`Quoting::Label`]). When
/// the literal is directly followed by an interpolation, a trailing `$` would form `$${...}` (an
/// escaped, literal `${...}`), so it is written as `\u0024` instead.
fn escape_into(out: &mut String, text: &str, quoting: Quoting) {
    let bytes = text.as_bytes();
    // Text that needs no escape is copied in runs: only the characters that start with a byte
    // `may_need_escape` accepts are looked at one by one.
    let mut copied = 0;
    let mut at = 0;
    while let Some(skipped) = first_to_escape(&bytes[at..]) {
        // Every byte skipped is ASCII, so `at` stays on a character boundary.
        at += skipped;
        let c = text[at..].chars().next().expect("a character starts here");
        let end = at + c.len_utf8();
        let next = bytes.get(end).copied();
        // `None`: a `\u` escape of the code point.
        let escape = match c {
            '\\' => Some("\\\\"),
            '"' => Some("\\\""),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '$' if next == Some(b'{') => Some("$$"),
            '%' if next == Some(b'{') => Some("%%"),
            '$' if next.is_none() && quoting == Quoting::BeforeInterpolation => Some("\\u0024"),
            c if c.is_control() || (quoting == Quoting::Label && !is_go_printable(c)) => None,
            _ => {
                at = end;
                continue;
            }
        };
        out.push_str(&text[copied..at]);
        copied = end;
        at = end;
        let cp = u32::from(c);
        let written = match escape {
            Some(escape) => out.write_str(escape),
            // Lowercase hex, as hclwrite spells it when it re-encodes block labels.
            None if cp > 0xFFFF => write!(out, "\\U{cp:08x}"),
            None => write!(out, "\\u{cp:04x}"),
        };
        written.expect("writing to a String cannot fail");
    }
    out.push_str(&text[copied..]);
}

/// The index of the first byte of `bytes` that [`may_need_escape`], if any.
///
/// Nearly every byte is plain, so whole chunks are tested first: a test of every byte of a
/// chunk, without stopping at the first hit, is a loop the compiler unrolls, and costs about a
/// third of a byte-by-byte search (at 1,000 workloads, about 2 MB of quoted text is scanned).
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 16;
    let mut start = 0;
    for chunk in bytes.chunks_exact(CHUNK) {
        if chunk.iter().fold(false, |hit, &b| hit | may_need_escape(b)) {
            break;
        }
        start += CHUNK;
    }
    bytes[start..]
        .iter()
        .position(|&b| may_need_escape(b))
        .map(|i| start + i)
}

/// Whether a character starting with byte `b` may need an escape in [`escape_into`]: anything
/// but printable ASCII other than `\`, `"`, `$` and `%`. Non-ASCII characters are only escaped
/// when they are controls or, in labels, unprintable.
fn may_need_escape(b: u8) -> bool {
    MAY_NEED_ESCAPE[usize::from(b)]
}

/// [`may_need_escape`] for each byte. A table, because every byte of every quoted string is
/// looked up (about 2 MB at 1,000 workloads), and one load costs less than the range and
/// character tests it replaces.
static MAY_NEED_ESCAPE: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = b' ';
    while b <= b'~' {
        table[b as usize] = matches!(b, b'\\' | b'"' | b'$' | b'%');
        b += 1;
    }
    table
};

/// Approximates Go's `unicode.IsPrint` (letters, marks, numbers, punctuation, symbols and the
/// ASCII space); unassigned code points outside the CONTROL table are treated as printable.
fn is_go_printable(c: char) -> bool {
    let cp = u32::from(c);
    let not_printable = c.is_control()
        || (in_table(CONTROL, cp) && cp != 0xFFFD)
        || matches!(
            cp,
            // Space separators other than U+0020.
            0xA0 | 0x1680 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000
            // Format characters that the CONTROL table leaves to other break classes.
            | 0x200C | 0x200D | 0x0600..=0x0605 | 0x06DD | 0x070F | 0x0890 | 0x0891 | 0x08E2
            | 0x110BD | 0x110CD | 0xE0020..=0xE007F
            // Private use.
            | 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD
        );
    !not_printable
}

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

/// A value of an attribute, as the writer lays it out: an [`Expr`], or a [`List`] of
/// [`Literal`]s or [`Template`]s, which write the same text as the [`Expr`] of them would,
/// straight from the caller's data. A module holds a block per policy statement, with lists of
/// actions and ARNs: at 10,000 workloads its files took 463M instructions with every statement
/// built as a tree, written and dropped, and 331M written from the model with these.
pub trait Value {
    /// Whether the value spans several lines, which ends a run of aligned `=` (see the module
    /// documentation).
    fn is_multiline(&self) -> bool;
    /// Writes the value; its first line continues the current line, continuation lines are
    /// indented relative to `depth`; no final newline.
    fn write_value(&self, out: &mut String, depth: usize);
}

impl Value for Expr<'_> {
    fn is_multiline(&self) -> bool {
        is_multiline(self)
    }

    fn write_value(&self, out: &mut String, depth: usize) {
        write_value(out, self, depth);
    }
}

/// A value that is written on one line: an item of a [`List`].
pub trait Scalar {
    fn write_scalar(&self, out: &mut String);
}

/// A quoted string of literal text, written as [`Expr::String`] is.
#[derive(Debug, Clone, Copy)]
pub struct Literal<'s>(pub &'s str);

impl Scalar for Literal<'_> {
    fn write_scalar(&self, out: &mut String) {
        write_quoted(out, self.0, Quoting::Literal);
    }
}

impl Value for Literal<'_> {
    fn is_multiline(&self) -> bool {
        false
    }

    fn write_value(&self, out: &mut String, _depth: usize) {
        self.write_scalar(out);
    }
}

/// A quoted template from the caller's pieces, written as an [`Expr::Template`] of them is,
/// without converting them.
#[derive(Debug, Clone, Copy)]
pub struct Template<'s, P>(pub &'s [P]);

impl<P: TemplatePiece> Scalar for Template<'_, P> {
    fn write_scalar(&self, out: &mut String) {
        write_template(out, self.0);
    }
}

/// A list of one-line items, laid out as an [`Expr::List`] of them: inline when it has at
/// most one item, one item per line otherwise.
#[derive(Debug, Clone)]
pub struct List<I>(pub I);

impl<I> Value for List<I>
where
    I: ExactSizeIterator + Clone,
    I::Item: Scalar,
{
    fn is_multiline(&self) -> bool {
        self.0.len() > 1
    }

    fn write_value(&self, out: &mut String, depth: usize) {
        let items = self.0.clone();
        if !self.is_multiline() {
            out.push('[');
            items.for_each(|item| item.write_scalar(out));
            out.push(']');
            return;
        }
        out.push_str("[\n");
        for item in items {
            push_indent(out, depth + 1);
            item.write_scalar(out);
            out.push_str(",\n");
        }
        push_indent(out, depth);
        out.push(']');
    }
}

/// Writes a body item by item as they are made, into the same text that [`write`] makes of a
/// [`Body`] of those items: a caller need not hold a file's tree, nor build one for the blocks
/// it writes with [`BodyWriter::block_with`] and [`BodyWriter::attributes`]. Blank lines are
/// handled as in a [`Body`]: runs collapse to one, and blanks at the start or end are dropped.
pub struct BodyWriter<'o> {
    out: &'o mut String,
    depth: usize,
    /// Whether an item has been written.
    started: bool,
    /// A blank line asked for after the last item, written only if another item follows.
    blank: bool,
    /// Whether the last item was a run of attributes: another run right after it would have to
    /// be aligned with it, which [`BodyWriter::attributes`] cannot do.
    after_attributes: bool,
}

impl<'o> BodyWriter<'o> {
    /// A writer of a file's body, at the end of `out`.
    pub fn new(out: &'o mut String) -> Self {
        Self::at_depth(out, 0)
    }

    fn at_depth(out: &'o mut String, depth: usize) -> Self {
        BodyWriter {
            out,
            depth,
            started: false,
            blank: false,
            after_attributes: false,
        }
    }

    /// Before each item: the blank line asked for since the last one.
    fn item(&mut self) {
        if self.blank {
            self.out.push('\n');
            self.blank = false;
        }
        self.started = true;
        self.after_attributes = false;
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.blank = self.started;
    }

    /// A `#` comment, as [`Item::Comment`].
    pub fn comment(&mut self, text: &str) {
        self.item();
        write_comment(self.out, text, self.depth);
    }

    /// A block built as a tree.
    pub fn block(&mut self, block: &Block) {
        self.item();
        write_block(self.out, block, self.depth);
    }

    /// The items of `body`, as if each were given on its own, but for a run
    /// of attributes (attributes with nothing between them), which is
    /// written as one run, aligned.
    pub fn body(&mut self, body: &Body) {
        let mut run: Vec<(&str, &dyn Value)> = Vec::new();
        for item in &body.items {
            if let Item::Attribute(attr) = item {
                run.push((&attr.key, &attr.value));
                continue;
            }
            if !run.is_empty() {
                self.attributes(&run);
                run.clear();
            }
            match item {
                Item::Block(block) => self.block(block),
                Item::Comment(text) => self.comment(text),
                Item::Blank => self.blank(),
                // Gathered into the run above.
                Item::Attribute(_) => {}
            }
        }
        if !run.is_empty() {
            self.attributes(&run);
        }
    }

    /// A run of attributes, their `=` aligned as in a [`Body`]. The next item must not be an
    /// attribute, which would belong to the same run.
    pub fn attributes(&mut self, attributes: &[(&str, &dyn Value)]) {
        debug_assert!(
            !self.after_attributes || self.blank,
            "attributes after attributes would be aligned with them"
        );
        self.item();
        let width =
            |(key, value): &(&str, &dyn Value)| (!value.is_multiline()).then(|| key_columns(key));
        let (out, depth) = (&mut *self.out, self.depth);
        for_each_aligned(attributes, width, |(key, value), pad| {
            debug_assert!(
                looks_like_identifier(key),
                "attribute key {key:?} is not an HCL identifier"
            );
            push_indent(out, depth);
            out.push_str(key);
            write_assignment(out, pad, *value, depth);
        });
        self.after_attributes = true;
    }

    /// A block whose body `write` writes, as [`BodyWriter::block`] writes a [`Block`].
    pub fn block_with(
        &mut self,
        ident: &str,
        labels: &[&str],
        write: impl FnOnce(&mut BodyWriter),
    ) {
        self.item();
        write_block_header(self.out, ident, labels.iter().copied(), self.depth);
        write_block_body(self.out, self.depth, write);
    }
}

// ---------------------------------------------------------------------------------------------
// Column widths
// ---------------------------------------------------------------------------------------------

/// Width of an identifier key as hclwrite measures it: one token, counted in extended grapheme
/// clusters (`Tokens.Columns` uses textseg.ScanGraphemeClusters), not bytes or chars.
fn key_columns(ident: &str) -> usize {
    grapheme_count(ident)
}

fn object_key_columns(key: &ObjectKey) -> usize {
    match key {
        ObjectKey::Ident(ident) => key_columns(ident),
        ObjectKey::Quoted(text) => {
            let mut escaped = String::with_capacity(text.len());
            escape_into(&mut escaped, text, Quoting::Literal);
            quoted_columns(&escaped)
        }
    }
}

/// Columns of a quoted string given its escaped body. The lexer emits the quotes as separate
/// tokens and splits the body before every `$`/`%`: `$` alone, `$${`, `%`, `%%{` (each optionally
/// followed by `~`) are tokens of their own. Grapheme clusters never span tokens, so each piece is
/// counted separately; the `$`/`%` pieces are ASCII, one column per byte.
fn quoted_columns(escaped: &str) -> usize {
    let mut columns = 2; // the opening and closing quote
    let mut rest = escaped;
    while let Some(at) = rest.find(['$', '%']) {
        columns += grapheme_count(&rest[..at]);
        let piece = &rest.as_bytes()[at..];
        let len = if piece.get(1) == Some(&piece[0]) && piece.get(2) == Some(&b'{') {
            if piece.get(3) == Some(&b'~') {
                4
            } else {
                3
            }
        } else {
            1
        };
        columns += len;
        rest = &rest[at + len..];
    }
    columns + grapheme_count(rest)
}

/// Grapheme cluster break classes as hclwrite's segmenter (go-textseg v15) distinguishes them.
/// `Extend` also covers SpacingMark: its grammar treats the two identically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gcb {
    Other,
    Control,
    Extend,
    Zwj,
    Prepend,
    RegionalIndicator,
    ExtPict,
    L,
    V,
    T,
    Lv,
    Lvt,
}

fn in_table(table: &[(u32, u32)], cp: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_extend(cp: u32) -> bool {
    in_table(EXTEND, cp)
}

fn gcb(c: char) -> Gcb {
    let cp = u32::from(c);
    match cp {
        0x00..=0x1F | 0x7F => Gcb::Control,
        0x20..=0x7E => Gcb::Other,
        0x200D => Gcb::Zwj,
        0x1100..=0x115F | 0xA960..=0xA97C => Gcb::L,
        0x1160..=0x11A7 | 0xD7B0..=0xD7C6 => Gcb::V,
        0x11A8..=0x11FF | 0xD7CB..=0xD7FB => Gcb::T,
        // Precomposed Hangul syllables: every 28th one has no trailing consonant.
        0xAC00..=0xD7A3 if (cp - 0xAC00) % 28 == 0 => Gcb::Lv,
        0xAC00..=0xD7A3 => Gcb::Lvt,
        0x1F1E6..=0x1F1FF => Gcb::RegionalIndicator,
        _ if is_extend(cp) => Gcb::Extend,
        _ if in_table(CONTROL, cp) => Gcb::Control,
        _ if in_table(PREPEND, cp) => Gcb::Prepend,
        _ if in_table(EXT_PICT, cp) => Gcb::ExtPict,
        _ => Gcb::Other,
    }
}

/// Counts grapheme clusters the way hclwrite does (`textseg.ScanGraphemeClusters`).
fn grapheme_count(text: &str) -> usize {
    if text.is_ascii() {
        // No CR LF pairs here: every line break inside a token has been escaped.
        return text.len();
    }
    let classes: Vec<Gcb> = text.chars().map(gcb).collect();
    let mut count = 0;
    let mut i = 0;
    while i < classes.len() {
        i = cluster_end(&classes, i);
        count += 1;
    }
    count
}

/// Returns the end of the cluster starting at `start`, following textseg's cluster grammar
/// rather than UAX #29 literally. The two differ in corner cases that hclwrite therefore also
/// has: a ZWJ followed by a pictograph is glued to any Hangul, emoji or flag cluster (UAX #29:
/// only to an emoji), and `L+ LV` is not continued by a trailing consonant `T`.
fn cluster_end(classes: &[Gcb], start: usize) -> usize {
    let at = |i: usize| classes.get(i).copied();
    let mut i = start;
    while at(i) == Some(Gcb::Prepend) {
        i += 1;
    }
    // Whether a ZWJ in the extension may pull in a following pictograph.
    let zwj_glues = match at(i) {
        None => return i,
        // A control character is a cluster of its own, even after a prepend.
        Some(Gcb::Control) if i > start => return i,
        Some(Gcb::Control) => return i + 1,
        Some(Gcb::L | Gcb::V | Gcb::T | Gcb::Lv | Gcb::Lvt) => {
            i = hangul_end(classes, i);
            true
        }
        Some(Gcb::ExtPict) => {
            i += 1;
            true
        }
        Some(Gcb::RegionalIndicator) => {
            i += 1;
            if at(i) == Some(Gcb::RegionalIndicator) {
                i += 1;
            }
            true
        }
        Some(Gcb::Other | Gcb::Extend | Gcb::Zwj | Gcb::Prepend) => {
            i += 1;
            false
        }
    };
    loop {
        match at(i) {
            Some(Gcb::Extend) => i += 1,
            Some(Gcb::Zwj) => {
                i += 1;
                if zwj_glues && at(i) == Some(Gcb::ExtPict) {
                    i += 1;
                }
            }
            _ => return i,
        }
    }
}

/// End of a Hangul syllable sequence: `L+ (LV? V+ T* | LVT T* | LV)?`, `LV V* T*`, `V+ T*`,
/// `LVT T*` or `T+`.
fn hangul_end(classes: &[Gcb], start: usize) -> usize {
    let at = |i: usize| classes.get(i).copied();
    let skip = |mut i: usize, class: Gcb| {
        while at(i) == Some(class) {
            i += 1;
        }
        i
    };
    let mut i = start;
    match at(i) {
        Some(Gcb::L) => {
            i = skip(i, Gcb::L);
            match at(i) {
                Some(Gcb::Lv) if at(i + 1) == Some(Gcb::V) => i += 1,
                Some(Gcb::Lv) => return i + 1,
                Some(Gcb::Lvt) => return skip(i + 1, Gcb::T),
                Some(Gcb::V) => {}
                _ => return i,
            }
        }
        Some(Gcb::Lv) => i += 1,
        Some(Gcb::Lvt) => return skip(i + 1, Gcb::T),
        _ => {} // V or T
    }
    skip(skip(i, Gcb::V), Gcb::T)
}

// Character classes for the segmenter above, as (first, last) code point ranges. They were
// generated from the Unicode 14 database (Python's unicodedata: Extend = Mn, Me,
// Other_Grapheme_Extend and emoji modifiers; SpacingMark = Mc with the UAX #29 exceptions),
// completed with the Unicode 15.0 additions, and then checked code point by code point against
// terraform fmt v1.11.4 itself (every code point in the key `"a<c>"`, `"<c>\u0301"`, `"<c>a"` and
// `"😀\u200d<c>"`), so they describe exactly what hclwrite uses.

/// Extend and SpacingMark (not ZWJ).
#[rustfmt::skip]
const EXTEND: &[(u32, u32)] = &[
    (0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2),
    (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670),
    (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x0711, 0x0711),
    (0x0730, 0x074A), (0x07A6, 0x07B0), (0x07EB, 0x07F3), (0x07FD, 0x07FD), (0x0816, 0x0819),
    (0x081B, 0x0823), (0x0825, 0x0827), (0x0829, 0x082D), (0x0859, 0x085B), (0x0898, 0x089F),
    (0x08CA, 0x08E1), (0x08E3, 0x0903), (0x093A, 0x093C), (0x093E, 0x094F), (0x0951, 0x0957),
    (0x0962, 0x0963), (0x0981, 0x0983), (0x09BC, 0x09BC), (0x09BE, 0x09C4), (0x09C7, 0x09C8),
    (0x09CB, 0x09CD), (0x09D7, 0x09D7), (0x09E2, 0x09E3), (0x09FE, 0x09FE), (0x0A01, 0x0A03),
    (0x0A3C, 0x0A3C), (0x0A3E, 0x0A42), (0x0A47, 0x0A48), (0x0A4B, 0x0A4D), (0x0A51, 0x0A51),
    (0x0A70, 0x0A71), (0x0A75, 0x0A75), (0x0A81, 0x0A83), (0x0ABC, 0x0ABC), (0x0ABE, 0x0AC5),
    (0x0AC7, 0x0AC9), (0x0ACB, 0x0ACD), (0x0AE2, 0x0AE3), (0x0AFA, 0x0AFF), (0x0B01, 0x0B03),
    (0x0B3C, 0x0B3C), (0x0B3E, 0x0B44), (0x0B47, 0x0B48), (0x0B4B, 0x0B4D), (0x0B55, 0x0B57),
    (0x0B62, 0x0B63), (0x0B82, 0x0B82), (0x0BBE, 0x0BC2), (0x0BC6, 0x0BC8), (0x0BCA, 0x0BCD),
    (0x0BD7, 0x0BD7), (0x0C00, 0x0C04), (0x0C3C, 0x0C3C), (0x0C3E, 0x0C44), (0x0C46, 0x0C48),
    (0x0C4A, 0x0C4D), (0x0C55, 0x0C56), (0x0C62, 0x0C63), (0x0C81, 0x0C83), (0x0CBC, 0x0CBC),
    (0x0CBE, 0x0CC4), (0x0CC6, 0x0CC8), (0x0CCA, 0x0CCD), (0x0CD5, 0x0CD6), (0x0CE2, 0x0CE3),
    (0x0CF3, 0x0CF3), (0x0D00, 0x0D03), (0x0D3B, 0x0D3C), (0x0D3E, 0x0D44), (0x0D46, 0x0D48),
    (0x0D4A, 0x0D4D), (0x0D57, 0x0D57), (0x0D62, 0x0D63), (0x0D81, 0x0D83), (0x0DCA, 0x0DCA),
    (0x0DCF, 0x0DD4), (0x0DD6, 0x0DD6), (0x0DD8, 0x0DDF), (0x0DF2, 0x0DF3), (0x0E31, 0x0E31),
    (0x0E33, 0x0E3A), (0x0E47, 0x0E4E), (0x0EB1, 0x0EB1), (0x0EB3, 0x0EBC), (0x0EC8, 0x0ECE),
    (0x0F18, 0x0F19), (0x0F35, 0x0F35), (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F3E, 0x0F3F),
    (0x0F71, 0x0F84), (0x0F86, 0x0F87), (0x0F8D, 0x0F97), (0x0F99, 0x0FBC), (0x0FC6, 0x0FC6),
    (0x102D, 0x1037), (0x1039, 0x103E), (0x1056, 0x1059), (0x105E, 0x1060), (0x1071, 0x1074),
    (0x1082, 0x1082), (0x1084, 0x1086), (0x108D, 0x108D), (0x109D, 0x109D), (0x135D, 0x135F),
    (0x1712, 0x1715), (0x1732, 0x1734), (0x1752, 0x1753), (0x1772, 0x1773), (0x17B4, 0x17D3),
    (0x17DD, 0x17DD), (0x180B, 0x180D), (0x180F, 0x180F), (0x1885, 0x1886), (0x18A9, 0x18A9),
    (0x1920, 0x192B), (0x1930, 0x193B), (0x1A17, 0x1A1B), (0x1A55, 0x1A5E), (0x1A60, 0x1A60),
    (0x1A62, 0x1A62), (0x1A65, 0x1A7C), (0x1A7F, 0x1A7F), (0x1AB0, 0x1ACE), (0x1B00, 0x1B04),
    (0x1B34, 0x1B44), (0x1B6B, 0x1B73), (0x1B80, 0x1B82), (0x1BA1, 0x1BAD), (0x1BE6, 0x1BF3),
    (0x1C24, 0x1C37), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE8), (0x1CED, 0x1CED), (0x1CF4, 0x1CF4),
    (0x1CF7, 0x1CF9), (0x1DC0, 0x1DFF), (0x200C, 0x200C), (0x20D0, 0x20F0), (0x2CEF, 0x2CF1),
    (0x2D7F, 0x2D7F), (0x2DE0, 0x2DFF), (0x302A, 0x302F), (0x3099, 0x309A), (0xA66F, 0xA672),
    (0xA674, 0xA67D), (0xA69E, 0xA69F), (0xA6F0, 0xA6F1), (0xA802, 0xA802), (0xA806, 0xA806),
    (0xA80B, 0xA80B), (0xA823, 0xA827), (0xA82C, 0xA82C), (0xA880, 0xA881), (0xA8B4, 0xA8C5),
    (0xA8E0, 0xA8F1), (0xA8FF, 0xA8FF), (0xA926, 0xA92D), (0xA947, 0xA953), (0xA980, 0xA983),
    (0xA9B3, 0xA9C0), (0xA9E5, 0xA9E5), (0xAA29, 0xAA36), (0xAA43, 0xAA43), (0xAA4C, 0xAA4D),
    (0xAA7C, 0xAA7C), (0xAAB0, 0xAAB0), (0xAAB2, 0xAAB4), (0xAAB7, 0xAAB8), (0xAABE, 0xAABF),
    (0xAAC1, 0xAAC1), (0xAAEB, 0xAAEF), (0xAAF5, 0xAAF6), (0xABE3, 0xABEA), (0xABEC, 0xABED),
    (0xFB1E, 0xFB1E), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F), (0xFF9E, 0xFF9F), (0x101FD, 0x101FD),
    (0x102E0, 0x102E0), (0x10376, 0x1037A), (0x10A01, 0x10A03), (0x10A05, 0x10A06),
    (0x10A0C, 0x10A0F), (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F), (0x10AE5, 0x10AE6),
    (0x10D24, 0x10D27), (0x10EAB, 0x10EAC), (0x10EFD, 0x10EFF), (0x10F46, 0x10F50),
    (0x10F82, 0x10F85), (0x11000, 0x11002), (0x11038, 0x11046), (0x11070, 0x11070),
    (0x11073, 0x11074), (0x1107F, 0x11082), (0x110B0, 0x110BA), (0x110C2, 0x110C2),
    (0x11100, 0x11102), (0x11127, 0x11134), (0x11145, 0x11146), (0x11173, 0x11173),
    (0x11180, 0x11182), (0x111B3, 0x111C0), (0x111C9, 0x111CC), (0x111CE, 0x111CF),
    (0x1122C, 0x11237), (0x1123E, 0x1123E), (0x11241, 0x11241), (0x112DF, 0x112EA),
    (0x11300, 0x11303), (0x1133B, 0x1133C), (0x1133E, 0x11344), (0x11347, 0x11348),
    (0x1134B, 0x1134D), (0x11357, 0x11357), (0x11362, 0x11363), (0x11366, 0x1136C),
    (0x11370, 0x11374), (0x11435, 0x11446), (0x1145E, 0x1145E), (0x114B0, 0x114C3),
    (0x115AF, 0x115B5), (0x115B8, 0x115C0), (0x115DC, 0x115DD), (0x11630, 0x11640),
    (0x116AB, 0x116B7), (0x1171D, 0x1171F), (0x11722, 0x1172B), (0x1182C, 0x1183A),
    (0x11930, 0x11935), (0x11937, 0x11938), (0x1193B, 0x1193E), (0x11940, 0x11940),
    (0x11942, 0x11943), (0x119D1, 0x119D7), (0x119DA, 0x119E0), (0x119E4, 0x119E4),
    (0x11A01, 0x11A0A), (0x11A33, 0x11A39), (0x11A3B, 0x11A3E), (0x11A47, 0x11A47),
    (0x11A51, 0x11A5B), (0x11A8A, 0x11A99), (0x11C2F, 0x11C36), (0x11C38, 0x11C3F),
    (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6), (0x11D31, 0x11D36), (0x11D3A, 0x11D3A),
    (0x11D3C, 0x11D3D), (0x11D3F, 0x11D45), (0x11D47, 0x11D47), (0x11D8A, 0x11D8E),
    (0x11D90, 0x11D91), (0x11D93, 0x11D97), (0x11EF3, 0x11EF6), (0x11F00, 0x11F01),
    (0x11F03, 0x11F03), (0x11F34, 0x11F3A), (0x11F3E, 0x11F42), (0x13440, 0x13440),
    (0x13447, 0x13455), (0x16AF0, 0x16AF4), (0x16B30, 0x16B36), (0x16F4F, 0x16F4F),
    (0x16F51, 0x16F87), (0x16F8F, 0x16F92), (0x16FE4, 0x16FE4), (0x16FF0, 0x16FF1),
    (0x1BC9D, 0x1BC9E), (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46), (0x1D165, 0x1D169),
    (0x1D16D, 0x1D172), (0x1D17B, 0x1D182), (0x1D185, 0x1D18B), (0x1D1AA, 0x1D1AD),
    (0x1D242, 0x1D244), (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C), (0x1DA75, 0x1DA75),
    (0x1DA84, 0x1DA84), (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1E000, 0x1E006),
    (0x1E008, 0x1E018), (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A),
    (0x1E08F, 0x1E08F), (0x1E130, 0x1E136), (0x1E2AE, 0x1E2AE), (0x1E2EC, 0x1E2EF),
    (0x1E4EC, 0x1E4EF), (0x1E8D0, 0x1E8D6), (0x1E944, 0x1E94A), (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F), (0xE0100, 0xE01EF),
];

/// Control outside ASCII: C1 controls, format characters, line/paragraph separators, unassigned
/// default-ignorables, and U+FFFD (textseg treats the replacement character as a control).
#[rustfmt::skip]
const CONTROL: &[(u32, u32)] = &[
    (0x0080, 0x009F), (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200B),
    (0x200E, 0x200F), (0x2028, 0x202E), (0x2060, 0x206F), (0xFEFF, 0xFEFF), (0xFFF0, 0xFFFB),
    (0xFFFD, 0xFFFD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE001F), (0xE0080, 0xE00FF), (0xE01F0, 0xE0FFF),
];

/// Prepend.
#[rustfmt::skip]
const PREPEND: &[(u32, u32)] = &[
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x111C2, 0x111C3),
    (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A3A, 0x11A3A), (0x11A84, 0x11A89),
    (0x11D46, 0x11D46), (0x11F02, 0x11F02),
];

/// Extended_Pictographic (ranges merged across regional indicators and emoji modifiers, which are
/// classified first).
#[rustfmt::skip]
const EXT_PICT: &[(u32, u32)] = &[
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
    (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
    (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
    (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171),
    (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5),
    (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A),
    (0x1F23C, 0x1F23F), (0x1F249, 0x1F53D), (0x1F546, 0x1F64F), (0x1F680, 0x1F6FF),
    (0x1F774, 0x1F77F), (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F),
    (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF), (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
];

#[cfg(test)]
mod samples;

#[cfg(test)]
mod tests {
    use super::samples::{interp, lit, random_documents, sample_document, Case, TRICKY};
    use super::*;

    // --- escaping -------------------------------------------------------------------------------

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text, Quoting::Literal);
        out
    }

    #[test]
    fn escapes_backslash_quote_and_whitespace_controls() {
        assert_eq!(escaped(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escaped("l1\nl2\r\tx"), r"l1\nl2\r\tx");
    }

    #[test]
    fn escapes_other_controls_as_unicode() {
        let text = "\u{0}\u{1b}\u{1f}\u{7f}\u{80}\u{9f}";
        assert_eq!(escaped(text), r"\u0000\u001b\u001f\u007f\u0080\u009f");
    }

    #[test]
    fn escapes_template_introducers() {
        assert_eq!(escaped("${aws:username}"), "$${aws:username}");
        assert_eq!(escaped("%{ if x }"), "%%{ if x }");
        // Already doubled text is escaped again, so it reads back unchanged.
        assert_eq!(escaped("$${x} %%{y}"), "$$${x} %%%{y}");
        // A lone `$` or `%` is not special.
        assert_eq!(escaped("100% $5 $"), "100% $5 $");
    }

    /// The search that finds what to escape tests whole chunks of text first: an escape is found
    /// at every offset, in the first chunk, at a chunk's end and in the tail after the last one.
    #[test]
    fn escapes_at_every_offset_of_long_text() {
        for offset in 0..40 {
            let plain = "a".repeat(offset);
            for (raw, want) in [
                ("\"", "\\\""),
                ("\n", "\\n"),
                ("${", "$${"),
                ("\u{7f}", "\\u007f"),
            ] {
                let text = format!("{plain}{raw}bcdefghijklmnopqrstuvwxyz");
                let expected = format!("{plain}{want}bcdefghijklmnopqrstuvwxyz");
                assert_eq!(escaped(&text), expected, "at offset {offset}");
            }
        }
    }

    #[test]
    fn keeps_non_ascii_as_is() {
        assert_eq!(
            escaped("héllo 中文 👍🏽 \u{a0}\u{200d}"),
            "héllo 中文 👍🏽 \u{a0}\u{200d}"
        );
    }

    /// Widths as counted; the case of the same name in `samples` renders these keys aligned.
    #[test]
    fn key_width_counts_grapheme_clusters() {
        let q = |s: &str| object_key_columns(&ObjectKey::quoted(s));
        assert_eq!(key_columns("abc"), 3);
        assert_eq!(q("é"), 3); // precomposed
        assert_eq!(q("e\u{301}"), 3); // combining accent
        assert_eq!(q("中文"), 4); // one column per cluster, not display width
        assert_eq!(q("👍🏽"), 3); // skin tone modifier
        assert_eq!(q("👨‍👩‍👧"), 3); // ZWJ sequence
        assert_eq!(q("🇩🇪🇫"), 4); // flag + lone regional indicator
        assert_eq!(q("한국어"), 5);
        assert_eq!(q("\u{1100}\u{1161}\u{11A8}"), 3); // conjoining jamo
                                                      // Unicode 15.0 segmentation has no conjunct rule (GB9c): हि न् दी
        assert_eq!(q("हिन्दी"), 5);
        assert_eq!(q("a\"b"), 6); // measured escaped: a\"b
                                  // The lexer starts a new token after `$` and `$${`, so the accent is a cluster of its own.
        assert_eq!(q("$\u{301}"), 4);
        assert_eq!(q("${\u{301}"), 6);
        assert_eq!(q("\u{200B}\u{301}"), 4); // a format character does not take marks
        assert_eq!(q("\u{FFFD}\u{301}"), 4); // textseg treats U+FFFD as a control
                                             // textseg quirks: `L LV T` is two clusters, a ZWJ glues a pictograph onto a Hangul
                                             // cluster but not onto other letters or a leading ZWJ.
        assert_eq!(q("\u{1100}\u{AC00}\u{11A8}"), 4);
        assert_eq!(q("가\u{200D}😀"), 3);
        assert_eq!(q("a\u{200D}😀"), 4);
        assert_eq!(q("\u{200D}😀"), 4);
    }

    #[test]
    fn object_key_auto() {
        assert_eq!(ObjectKey::auto("Name"), ObjectKey::ident("Name"));
        assert_eq!(ObjectKey::auto("a-b_1"), ObjectKey::ident("a-b_1"));
        assert_eq!(ObjectKey::auto("aws:tag"), ObjectKey::quoted("aws:tag"));
        assert_eq!(ObjectKey::auto("1a"), ObjectKey::quoted("1a"));
        assert_eq!(ObjectKey::auto("null"), ObjectKey::quoted("null"));
        assert_eq!(ObjectKey::auto(""), ObjectKey::quoted(""));
    }

    // --- rendering cases --------------------------------------------------------------------------

    /// Each case of `samples::cases` renders exactly its expected text (and the terraform
    /// checks show that `terraform fmt` leaves that text unchanged).
    #[test]
    fn every_case_renders_exactly_its_expected_text() {
        let mut wrong = String::new();
        for Case {
            name,
            body,
            expected,
        } in samples::cases()
        {
            let got = to_string(&body);
            if got != expected {
                wrong.push_str(&format!(
                    "{name}:\n--- expected\n{expected}--- rendered\n{got}\n"
                ));
            }
        }
        assert!(wrong.is_empty(), "{wrong}");
    }

    // --- hcl-rs round trip ------------------------------------------------------------------------

    /// Drops comments and blank lines and puts templates and traversals into the shape that
    /// [`body_from_hcl`] produces, so that the two trees can be compared with `==`.
    fn normalize_body<'a>(body: &Body<'a>) -> Body<'a> {
        let items = body.items.iter().filter_map(|item| match item {
            Item::Attribute(a) => Some(Item::Attribute(Attribute {
                key: a.key.clone(),
                value: normalize_expr(&a.value),
            })),
            Item::Block(b) => Some(Item::Block(Block {
                ident: b.ident.clone(),
                labels: b.labels.clone(),
                body: normalize_body(&b.body),
            })),
            Item::Comment(_) | Item::Blank => None,
        });
        Body {
            items: items.collect(),
        }
    }

    fn normalize_expr<'a>(expr: &Expr<'a>) -> Expr<'a> {
        match expr {
            Expr::Template(parts) => {
                let merged: Vec<_> = merged_parts(parts.iter().map(TemplatePart::borrowed))
                    .map(|p| match p {
                        TemplatePart::Literal(text) => TemplatePart::literal(text.into_owned()),
                        TemplatePart::Interpolation(path) => {
                            TemplatePart::interpolation(path.into_owned())
                        }
                    })
                    .collect();
                match merged.as_slice() {
                    [] => Expr::string(""),
                    [TemplatePart::Literal(text)] => Expr::string(text.clone()),
                    [TemplatePart::Interpolation(path)] => Expr::traversal(path.clone()),
                    _ => Expr::Template(merged),
                }
            }
            Expr::List(items) => Expr::List(items.iter().map(normalize_expr).collect()),
            Expr::Object(entries) => Expr::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), normalize_expr(v)))
                    .collect(),
            ),
            Expr::FuncCall(name, args) => {
                Expr::FuncCall(name.clone(), args.iter().map(normalize_expr).collect())
            }
            Expr::Binary(l, op, r) => Expr::binary(normalize_expr(l), *op, normalize_expr(r)),
            Expr::Conditional(c, a, b) => {
                Expr::conditional(normalize_expr(c), normalize_expr(a), normalize_expr(b))
            }
            Expr::String(_) | Expr::Traversal(_) | Expr::Number(_) | Expr::Bool(_) | Expr::Null => {
                expr.clone()
            }
        }
    }

    fn body_from_hcl(body: &hcl::Body) -> Body<'static> {
        let items = body.iter().map(|structure| match structure {
            hcl::Structure::Attribute(a) => Item::Attribute(Attribute {
                key: a.key.as_str().to_owned().into(),
                value: expr_from_hcl(&a.expr),
            }),
            hcl::Structure::Block(b) => Item::Block(Block {
                ident: b.identifier.as_str().to_owned().into(),
                labels: b
                    .labels
                    .iter()
                    .map(|l| l.as_str().to_owned().into())
                    .collect(),
                body: body_from_hcl(&b.body),
            }),
        });
        Body {
            items: items.collect(),
        }
    }

    fn expr_from_hcl(expr: &hcl::Expression) -> Expr<'static> {
        use hcl::expr::{BinaryOperator, Operation, UnaryOperator};
        use hcl::Expression as H;
        let source = |e: &H| hcl::format::to_string(e).expect("format expression");
        match expr {
            H::Null => Expr::Null,
            H::Bool(b) => Expr::Bool(*b),
            H::Number(n) => Expr::Number(n.as_i64().expect("integer")),
            H::String(s) => Expr::string(s.clone()),
            H::TemplateExpr(template) => {
                let template = hcl::Template::from_expr(template).expect("parse template");
                let parts: Vec<_> = template
                    .elements()
                    .iter()
                    .map(|element| match element {
                        hcl::template::Element::Literal(s) => TemplatePart::literal(s.clone()),
                        hcl::template::Element::Interpolation(i) => {
                            TemplatePart::interpolation(source(&i.expr))
                        }
                        other => panic!("unexpected template element {other:?}"),
                    })
                    .collect();
                // A template of literal text only (`"$${x}"`) is a string like any other.
                match parts.as_slice() {
                    [TemplatePart::Literal(text)] => Expr::String(text.clone()),
                    _ => Expr::Template(parts),
                }
            }
            H::Variable(_) | H::Traversal(_) => Expr::traversal(source(expr)),
            H::Array(items) => Expr::List(items.iter().map(expr_from_hcl).collect()),
            H::Object(object) => Expr::Object(
                object
                    .iter()
                    .map(|(k, v)| {
                        let key = match k {
                            hcl::ObjectKey::Identifier(id) => ObjectKey::ident(id.to_string()),
                            hcl::ObjectKey::Expression(H::String(s)) => {
                                ObjectKey::quoted(s.clone())
                            }
                            other => panic!("unexpected object key {other:?}"),
                        };
                        (key, expr_from_hcl(v))
                    })
                    .collect(),
            ),
            H::FuncCall(call) => Expr::FuncCall(
                call.name.to_string().into(),
                call.args.iter().map(expr_from_hcl).collect(),
            ),
            H::Parenthesis(inner) => expr_from_hcl(inner),
            H::Conditional(c) => Expr::conditional(
                expr_from_hcl(&c.cond_expr),
                expr_from_hcl(&c.true_expr),
                expr_from_hcl(&c.false_expr),
            ),
            H::Operation(operation) => match operation.as_ref() {
                Operation::Binary(b) => {
                    let op = match b.operator {
                        BinaryOperator::Eq => BinaryOp::Eq,
                        BinaryOperator::NotEq => BinaryOp::NotEq,
                        BinaryOperator::And => BinaryOp::And,
                        BinaryOperator::Or => BinaryOp::Or,
                        other => panic!("unexpected operator {other:?}"),
                    };
                    Expr::binary(expr_from_hcl(&b.lhs_expr), op, expr_from_hcl(&b.rhs_expr))
                }
                Operation::Unary(u) => match (&u.operator, expr_from_hcl(&u.expr)) {
                    (UnaryOperator::Neg, Expr::Number(n)) => Expr::Number(-n),
                    other => panic!("unexpected unary operation {other:?}"),
                },
            },
            other => panic!("unexpected expression {other:?}"),
        }
    }

    #[track_caller]
    fn assert_round_trips(body: &Body) {
        let text = to_string(body);
        let parsed: hcl::Body =
            hcl::from_str(&text).unwrap_or_else(|e| panic!("hcl-rs rejected:\n{text}\n{e}"));
        assert_eq!(
            body_from_hcl(&parsed),
            normalize_body(body),
            "round trip of:\n{text}"
        );
    }

    #[test]
    fn sample_round_trips_through_hcl_rs() {
        assert_round_trips(&sample_document());
    }

    #[test]
    fn random_documents_round_trip_through_hcl_rs() {
        for body in random_documents(300, true) {
            assert_round_trips(&body);
        }
    }

    #[test]
    fn policy_variable_reads_back_as_literal_text() {
        let body = Body::new()
            .attr("plain", Expr::string(TRICKY))
            .attr("policy_var", Expr::string("${aws:username}"))
            .attr(
                "in_template",
                Expr::template([interp("var.prefix"), lit("/${aws:username}/\"q\" \\ \n é")]),
            );
        assert_round_trips(&body);
        let parsed: hcl::Body = hcl::from_str(&to_string(&body)).unwrap();
        let attr = parsed
            .attributes()
            .find(|a| a.key.as_str() == "policy_var")
            .unwrap();
        assert_eq!(
            attr.expr,
            hcl::Expression::String("${aws:username}".to_owned())
        );
    }
}
