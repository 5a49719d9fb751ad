//! A small HCL document writer whose output is already in `terraform fmt` style.
//!
//! The caller builds a typed tree ([`Body`], [`Block`], [`Attribute`], [`Expr`]) and
//! [`to_string`] renders it. The layout rules below mirror hclwrite's formatter (the code behind
//! `terraform fmt`, Terraform v1.11), so the rendered text passes `terraform fmt -check`
//! unchanged:
//!
//! * Two spaces of indentation per nesting level, no trailing whitespace, exactly one newline at
//!   the end of a non-empty document.
//! * hclwrite splits every line into a "lead" and an "assign" cell. A line only has an assign
//!   cell when its `=` is followed by a complete single-line expression (net bracket count zero).
//!   Consecutive lines with an assign cell form a run and their `=` signs are padded to line up
//!   one space after the widest key. Every other line (blank line, comment, block header, closing
//!   bracket, list element, and the `key = [` / `key = {` opener of a multi-line value) ends the
//!   run. The opener itself is not padded (it has no assign cell), and the attributes after the
//!   multi-line value start a new run. Object elements follow exactly the same rule.
//! * Key widths are measured in grapheme clusters per lexer token, not in bytes or chars
//!   (hclwrite's `Tokens.Columns`), see [`key_columns`].
//! * A template that is exactly one interpolation (`"${var.x}"`) is written as the bare
//!   expression (`var.x`), because terraform fmt unwraps it.
//!
//! Terraform-specific caveat: inside `variable` blocks terraform fmt rewrites a quoted `type`
//! (`type = "string"`) to a bare one, so build type constraints with [`Expr::traversal`] /
//! [`Expr::call`] (`string`, `list(string)`), never with [`Expr::string`].

// ---------------------------------------------------------------------------------------------
// Typed tree
// ---------------------------------------------------------------------------------------------

/// The body of a file or of a block: an ordered sequence of items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    pub items: Vec<Item>,
}

/// One entry of a [`Body`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Attribute(Attribute),
    Block(Block),
    /// A `#` line comment; embedded newlines produce several comment lines.
    Comment(String),
    /// An empty line. Runs of blanks are collapsed and blanks at the start or end of a body are
    /// dropped.
    Blank,
}

/// `key = value`. The key must be an HCL identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub key: String,
    pub value: Expr,
}

/// `ident "label1" "label2" { body }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub ident: String,
    pub labels: Vec<String>,
    pub body: Body,
}

/// An HCL expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A quoted string, possibly with `${...}` interpolations.
    Template(Vec<TemplatePart>),
    /// A reference such as `var.x` or `data.aws_partition.current.partition`; the segments are
    /// joined with `.` verbatim (so `aws_iam_role.x[0]` may be a single segment).
    Traversal(Vec<String>),
    Number(i64),
    Bool(bool),
    Null,
    List(Vec<Expr>),
    Object(Vec<(ObjectKey, Expr)>),
    /// A function call, always written on one line with its arguments inline.
    FuncCall(String, Vec<Expr>),
    Binary(Box<Expr>, BinaryOp, Box<Expr>),
    /// `condition ? true_value : false_value`.
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// A piece of a quoted template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text, escaped on output.
    Literal(String),
    /// `${a.b.c}`, given as traversal segments.
    Interpolation(Vec<String>),
}

/// The key of an object element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectKey {
    /// A bare identifier key (`Name = ...`); must be a valid HCL identifier.
    Ident(String),
    /// A quoted key (`"aws:SourceArn" = ...`).
    Quoted(String),
}

/// The binary operators the writer supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    And,
    Or,
}

impl Body {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `key = value`.
    pub fn attr(mut self, key: impl Into<String>, value: impl Into<Expr>) -> Self {
        self.items.push(Item::Attribute(Attribute {
            key: key.into(),
            value: value.into(),
        }));
        self
    }

    /// Appends a nested block.
    pub fn block(mut self, block: Block) -> Self {
        self.items.push(Item::Block(block));
        self
    }

    /// Appends a `#` comment (may contain newlines).
    pub fn comment(mut self, text: impl Into<String>) -> Self {
        self.items.push(Item::Comment(text.into()));
        self
    }

    /// Appends an empty line.
    pub fn blank(mut self) -> Self {
        self.items.push(Item::Blank);
        self
    }

    /// Appends any item, for callers that build a body imperatively.
    pub fn push(&mut self, item: impl Into<Item>) {
        self.items.push(item.into());
    }
}

impl From<Attribute> for Item {
    fn from(attr: Attribute) -> Self {
        Item::Attribute(attr)
    }
}

impl From<Block> for Item {
    fn from(block: Block) -> Self {
        Item::Block(block)
    }
}

impl Block {
    /// A block without labels and with an empty body.
    pub fn new(ident: impl Into<String>) -> Self {
        Self {
            ident: ident.into(),
            labels: Vec::new(),
            body: Body::new(),
        }
    }

    /// Appends one label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.labels.push(label.into());
        self
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }
}

impl Expr {
    /// A quoted string with literal content only.
    pub fn string(s: impl Into<String>) -> Self {
        Expr::Template(vec![TemplatePart::Literal(s.into())])
    }

    /// A quoted template built from parts.
    pub fn template(parts: impl IntoIterator<Item = TemplatePart>) -> Self {
        Expr::Template(parts.into_iter().collect())
    }

    /// A traversal from its dotted form, e.g. `"data.aws_region.current.region"`.
    pub fn traversal(path: &str) -> Self {
        Expr::Traversal(split_path(path))
    }

    pub fn list(items: impl IntoIterator<Item = Expr>) -> Self {
        Expr::List(items.into_iter().collect())
    }

    pub fn object(entries: impl IntoIterator<Item = (ObjectKey, Expr)>) -> Self {
        Expr::Object(entries.into_iter().collect())
    }

    pub fn call(name: impl Into<String>, args: impl IntoIterator<Item = Expr>) -> Self {
        Expr::FuncCall(name.into(), args.into_iter().collect())
    }

    pub fn binary(lhs: Expr, op: BinaryOp, rhs: Expr) -> Self {
        Expr::Binary(Box::new(lhs), op, Box::new(rhs))
    }

    /// `lhs == rhs`
    pub fn eq(lhs: Expr, rhs: Expr) -> Self {
        Self::binary(lhs, BinaryOp::Eq, rhs)
    }

    /// `lhs != rhs`
    pub fn not_eq(lhs: Expr, rhs: Expr) -> Self {
        Self::binary(lhs, BinaryOp::NotEq, rhs)
    }

    /// `lhs && rhs`
    pub fn and(lhs: Expr, rhs: Expr) -> Self {
        Self::binary(lhs, BinaryOp::And, rhs)
    }

    /// `lhs || rhs`
    pub fn or(lhs: Expr, rhs: Expr) -> Self {
        Self::binary(lhs, BinaryOp::Or, rhs)
    }

    /// `cond ? then : otherwise`
    pub fn conditional(cond: Expr, then: Expr, otherwise: Expr) -> Self {
        Expr::Conditional(Box::new(cond), Box::new(then), Box::new(otherwise))
    }
}

impl From<i64> for Expr {
    fn from(n: i64) -> Self {
        Expr::Number(n)
    }
}

impl From<bool> for Expr {
    fn from(b: bool) -> Self {
        Expr::Bool(b)
    }
}

impl TemplatePart {
    pub fn literal(s: impl Into<String>) -> Self {
        TemplatePart::Literal(s.into())
    }

    /// `${path}` from its dotted form, e.g. `"data.aws_partition.current.partition"`.
    pub fn interpolation(path: &str) -> Self {
        TemplatePart::Interpolation(split_path(path))
    }
}

impl ObjectKey {
    pub fn ident(s: impl Into<String>) -> Self {
        ObjectKey::Ident(s.into())
    }

    pub fn quoted(s: impl Into<String>) -> Self {
        ObjectKey::Quoted(s.into())
    }

    /// A bare key when `s` is a plain ASCII identifier, a quoted key otherwise (e.g. tag keys
    /// such as `aws:cloudformation:stack-name`). Keywords that would change the meaning of an
    /// object constructor (`for`, `null`, ...) are quoted too.
    pub fn auto(s: impl Into<String>) -> Self {
        let s = s.into();
        let keyword = matches!(s.as_str(), "for" | "in" | "if" | "null" | "true" | "false");
        if is_ascii_identifier(&s) && !keyword {
            ObjectKey::Ident(s)
        } else {
            ObjectKey::Quoted(s)
        }
    }
}

fn split_path(path: &str) -> Vec<String> {
    path.split('.').map(str::to_owned).collect()
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
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-' || is_join(c as u32))
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

const INDENT: &str = "  ";

/// Renders a whole file. A non-empty document ends with exactly one newline; an empty one is the
/// empty string.
pub fn to_string(body: &Body) -> String {
    let mut out = String::new();
    write_body(&mut out, body, 0);
    out
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// The items that will actually be written: no blank at the start or end and never two blanks
/// in a row. (terraform fmt would keep such blank lines, but they are never intended.)
fn effective_items(body: &Body) -> Vec<&Item> {
    let mut items: Vec<&Item> = Vec::with_capacity(body.items.len());
    for item in &body.items {
        let is_blank = matches!(item, Item::Blank);
        if is_blank && matches!(items.last(), None | Some(Item::Blank)) {
            continue;
        }
        items.push(item);
    }
    if matches!(items.last(), Some(Item::Blank)) {
        items.pop();
    }
    items
}

/// Given, for each line of a body or object, `Some(key width)` when the line is a single-line
/// `key = value` (an hclwrite "assign cell") and `None` otherwise, returns for each line the
/// widest key in its run. hclwrite pads each `=` to one column past that width.
fn run_max_widths(widths: &[Option<usize>]) -> Vec<usize> {
    let mut result = vec![0; widths.len()];
    let mut start = 0;
    while start < widths.len() {
        if widths[start].is_none() {
            start += 1;
            continue;
        }
        let end = widths[start..]
            .iter()
            .position(Option::is_none)
            .map_or(widths.len(), |offset| start + offset);
        let max = widths[start..end]
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(0);
        result[start..end].fill(max);
        start = end;
    }
    result
}

fn write_body(out: &mut String, body: &Body, depth: usize) {
    let items = effective_items(body);
    let widths: Vec<Option<usize>> = items
        .iter()
        .map(|item| match item {
            Item::Attribute(attr) if !is_multiline(&attr.value) => Some(key_columns(&attr.key)),
            _ => None,
        })
        .collect();
    let run_widths = run_max_widths(&widths);

    for ((item, width), run_width) in items.iter().zip(&widths).zip(run_widths) {
        match item {
            Item::Attribute(attr) => {
                debug_assert!(
                    looks_like_identifier(&attr.key),
                    "attribute key {:?} is not an HCL identifier",
                    attr.key
                );
                push_indent(out, depth);
                out.push_str(&attr.key);
                write_assignment(out, *width, run_width, &attr.value, depth);
            }
            Item::Block(block) => write_block(out, block, depth),
            Item::Comment(text) => write_comment(out, text, depth),
            Item::Blank => out.push('\n'),
        }
    }
}

/// Writes ` = value\n` after a key. `width` is the key's own width when the line takes part in
/// alignment, `None` for a multi-line value (which hclwrite leaves at a single space).
fn write_assignment(
    out: &mut String,
    width: Option<usize>,
    run_width: usize,
    value: &Expr,
    depth: usize,
) {
    let pad = width.map_or(1, |w| run_width - w + 1);
    out.extend(std::iter::repeat_n(' ', pad));
    out.push_str("= ");
    write_value(out, value, depth);
    out.push('\n');
}

fn write_block(out: &mut String, block: &Block, depth: usize) {
    debug_assert!(
        looks_like_identifier(&block.ident),
        "block type {:?} is not an HCL identifier",
        block.ident
    );
    push_indent(out, depth);
    out.push_str(&block.ident);
    for label in &block.labels {
        out.push(' ');
        write_quoted(out, label);
    }
    if effective_items(&block.body).is_empty() {
        // terraform fmt keeps the one-line form `ident "label" {}`.
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    write_body(out, &block.body, depth + 1);
    push_indent(out, depth);
    out.push_str("}\n");
}

fn write_comment(out: &mut String, text: &str, depth: usize) {
    // `lines()` also drops a trailing '\r'; an empty text still yields one `#` line.
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        lines.push("");
    }
    for line in lines {
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
}

fn is_scalar(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Template(_) | Expr::Traversal(_) | Expr::Number(_) | Expr::Bool(_) | Expr::Null
    )
}

/// Whether `expr`, written as the value of an attribute, object element or list element, spans
/// several lines.
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
            let widths: Vec<Option<usize>> = entries
                .iter()
                .map(|(key, value)| (!is_multiline(value)).then(|| object_key_columns(key)))
                .collect();
            let run_widths = run_max_widths(&widths);
            for (((key, value), width), run_width) in entries.iter().zip(&widths).zip(run_widths) {
                push_indent(out, depth + 1);
                write_object_key(out, key);
                write_assignment(out, *width, run_width, value, depth + 1);
            }
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
        ObjectKey::Quoted(text) => write_quoted(out, text),
    }
}

/// Binding strength, used to decide where parentheses are required. HCL: `||` < `&&` <
/// `==`/`!=`; the conditional operator binds loosest of all.
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
    }
}

fn op_token(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Eq => "==",
        BinaryOp::NotEq => "!=",
        BinaryOp::And => "&&",
        BinaryOp::Or => "||",
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
        Expr::Template(parts) => write_template(out, parts),
        Expr::Traversal(segments) => write_traversal(out, segments),
        Expr::Number(n) => out.push_str(&n.to_string()),
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

fn write_traversal(out: &mut String, segments: &[String]) {
    debug_assert!(!segments.is_empty(), "empty traversal");
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(segment);
    }
}

/// Template parts with adjacent literals merged and empty literals dropped, so that escaping
/// sees every `${` sequence and a lone interpolation is recognised.
enum Part<'a> {
    Literal(String),
    Interpolation(&'a [String]),
}

fn normalize_template(parts: &[TemplatePart]) -> Vec<Part<'_>> {
    let mut result: Vec<Part<'_>> = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            TemplatePart::Literal(text) if text.is_empty() => {}
            TemplatePart::Literal(text) => match result.last_mut() {
                Some(Part::Literal(prev)) => prev.push_str(text),
                _ => result.push(Part::Literal(text.clone())),
            },
            TemplatePart::Interpolation(segments) => result.push(Part::Interpolation(segments)),
        }
    }
    result
}

fn write_template(out: &mut String, parts: &[TemplatePart]) {
    let parts = normalize_template(parts);
    // terraform fmt rewrites `"${x}"` to `x`, so write the bare form directly.
    if let [Part::Interpolation(segments)] = parts.as_slice() {
        write_traversal(out, segments);
        return;
    }
    out.push('"');
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Literal(text) => {
                let before_interpolation = matches!(parts.get(i + 1), Some(Part::Interpolation(_)));
                escape_into(out, text, before_interpolation);
            }
            Part::Interpolation(segments) => {
                out.push_str("${");
                write_traversal(out, segments);
                out.push('}');
            }
        }
    }
    out.push('"');
}

/// Writes `text` as a quoted string (labels, quoted object keys).
fn write_quoted(out: &mut String, text: &str) {
    out.push('"');
    escape_into(out, text, false);
    out.push('"');
}

/// The one place where literal text is escaped for a quoted HCL string.
///
/// `\` `"` newline CR tab get backslash escapes, other ASCII control characters `\uXXXX`, and
/// the template introducers `${` / `%{` are doubled to `$${` / `%%{`. Everything else (including
/// non-ASCII) is written as is. When the literal is directly followed by an interpolation, a
/// trailing `$` would form `$${...}` (an escaped, literal `${...}`), so it is written as
/// `\u0024` instead.
fn escape_into(out: &mut String, text: &str, before_interpolation: bool) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' | '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            '$' if next == Some('{') => out.push_str("$$"),
            '%' if next == Some('{') => out.push_str("%%"),
            '$' if next.is_none() && before_interpolation => out.push_str("\\u0024"),
            _ => out.push(c),
        }
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
            escape_into(&mut escaped, text, false);
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

/// Grapheme cluster break classes (UAX #29). `Join` merges Extend and SpacingMark, which differ
/// only in rule GB11 (emoji ZWJ sequences), where a spacing mark never occurs in practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gcb {
    Other,
    Control,
    Join,
    Zwj,
    Prepend,
    RegionalIndicator,
    L,
    V,
    T,
    Lv,
    Lvt,
    ExtPict,
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

fn is_join(cp: u32) -> bool {
    in_table(JOIN, cp)
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
        _ if is_join(cp) => Gcb::Join,
        _ if in_table(CONTROL, cp) => Gcb::Control,
        _ if in_table(PREPEND, cp) => Gcb::Prepend,
        _ if is_ext_pict(cp) => Gcb::ExtPict,
        _ => Gcb::Other,
    }
}

/// Coarse Extended_Pictographic: only consulted for emoji ZWJ sequences (GB11), where the exact
/// boundaries of the emoji blocks do not matter.
fn is_ext_pict(cp: u32) -> bool {
    matches!(
        cp,
        0xA9 | 0xAE
            | 0x203C
            | 0x2049
            | 0x2122
            | 0x2139
            | 0x2194..=0x21AA
            | 0x231A..=0x23FF
            | 0x24C2
            | 0x25AA..=0x27BF
            | 0x2934..=0x2935
            | 0x2B05..=0x2B55
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
            | 0x1F000..=0x1FAFF
            | 0x1FC00..=0x1FFFD
    )
}

/// Counts extended grapheme clusters (UAX #29 rules GB3-GB13 without CR LF, which never occurs
/// in escaped output).
fn grapheme_count(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    let mut count = 0;
    let mut prev: Option<Gcb> = None;
    let mut pict = false; // text so far ends with ExtPict Extend*
    let mut pict_zwj = false; // text so far ends with ExtPict Extend* ZWJ
    let mut regional = 0usize; // regional indicators ending the text so far
    for c in text.chars() {
        let cur = gcb(c);
        let boundary = match (prev, cur) {
            (None, _) => true,
            (Some(Gcb::Control), _) | (_, Gcb::Control) => true,
            (Some(Gcb::L), Gcb::L | Gcb::V | Gcb::Lv | Gcb::Lvt) => false,
            (Some(Gcb::Lv | Gcb::V), Gcb::V | Gcb::T) => false,
            (Some(Gcb::Lvt | Gcb::T), Gcb::T) => false,
            (_, Gcb::Join | Gcb::Zwj) => false,
            (Some(Gcb::Prepend), _) => false,
            (Some(Gcb::Zwj), Gcb::ExtPict) => !pict_zwj,
            (Some(Gcb::RegionalIndicator), Gcb::RegionalIndicator) => regional % 2 == 0,
            _ => true,
        };
        if boundary {
            count += 1;
        }
        pict_zwj = cur == Gcb::Zwj && pict;
        pict = cur == Gcb::ExtPict || (cur == Gcb::Join && pict);
        regional = if cur == Gcb::RegionalIndicator {
            regional + 1
        } else {
            0
        };
        prev = Some(cur);
    }
    count
}

// Grapheme_Cluster_Break tables generated from the Unicode 14 character database (Python's
// unicodedata): JOIN = Extend (Mn, Me, Other_Grapheme_Extend, emoji modifiers) plus SpacingMark
// (Mc minus the UAX #29 exceptions, U+0E33, U+0EB3); CONTROL = Cc, Cf, Zl, Zp and unassigned
// default-ignorables outside ASCII, minus ZWNJ/ZWJ and prepended concatenation marks; PREPEND as
// listed by UAX #29. hclwrite uses Unicode 15 data, so marks new in 15.0 count as separate
// columns here.
#[rustfmt::skip]
const JOIN: &[(u32, u32)] = &[
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
    (0x0D00, 0x0D03), (0x0D3B, 0x0D3C), (0x0D3E, 0x0D44), (0x0D46, 0x0D48), (0x0D4A, 0x0D4D),
    (0x0D57, 0x0D57), (0x0D62, 0x0D63), (0x0D81, 0x0D83), (0x0DCA, 0x0DCA), (0x0DCF, 0x0DD4),
    (0x0DD6, 0x0DD6), (0x0DD8, 0x0DDF), (0x0DF2, 0x0DF3), (0x0E31, 0x0E31), (0x0E33, 0x0E3A),
    (0x0E47, 0x0E4E), (0x0EB1, 0x0EB1), (0x0EB3, 0x0EBC), (0x0EC8, 0x0ECD), (0x0F18, 0x0F19),
    (0x0F35, 0x0F35), (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F3E, 0x0F3F), (0x0F71, 0x0F84),
    (0x0F86, 0x0F87), (0x0F8D, 0x0F97), (0x0F99, 0x0FBC), (0x0FC6, 0x0FC6), (0x102D, 0x1037),
    (0x1039, 0x103E), (0x1056, 0x1059), (0x105E, 0x1060), (0x1071, 0x1074), (0x1082, 0x1082),
    (0x1084, 0x1086), (0x108D, 0x108D), (0x109D, 0x109D), (0x135D, 0x135F), (0x1712, 0x1715),
    (0x1732, 0x1734), (0x1752, 0x1753), (0x1772, 0x1773), (0x17B4, 0x17D3), (0x17DD, 0x17DD),
    (0x180B, 0x180D), (0x180F, 0x180F), (0x1885, 0x1886), (0x18A9, 0x18A9), (0x1920, 0x192B),
    (0x1930, 0x193B), (0x1A17, 0x1A1B), (0x1A55, 0x1A5E), (0x1A60, 0x1A60), (0x1A62, 0x1A62),
    (0x1A65, 0x1A7C), (0x1A7F, 0x1A7F), (0x1AB0, 0x1ACE), (0x1B00, 0x1B04), (0x1B34, 0x1B44),
    (0x1B6B, 0x1B73), (0x1B80, 0x1B82), (0x1BA1, 0x1BAD), (0x1BE6, 0x1BF3), (0x1C24, 0x1C37),
    (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE8), (0x1CED, 0x1CED), (0x1CF4, 0x1CF4), (0x1CF7, 0x1CF9),
    (0x1DC0, 0x1DFF), (0x200C, 0x200C), (0x20D0, 0x20F0), (0x2CEF, 0x2CF1), (0x2D7F, 0x2D7F),
    (0x2DE0, 0x2DFF), (0x302A, 0x302F), (0x3099, 0x309A), (0xA66F, 0xA672), (0xA674, 0xA67D),
    (0xA69E, 0xA69F), (0xA6F0, 0xA6F1), (0xA802, 0xA802), (0xA806, 0xA806), (0xA80B, 0xA80B),
    (0xA823, 0xA827), (0xA82C, 0xA82C), (0xA880, 0xA881), (0xA8B4, 0xA8C5), (0xA8E0, 0xA8F1),
    (0xA8FF, 0xA8FF), (0xA926, 0xA92D), (0xA947, 0xA953), (0xA980, 0xA983), (0xA9B3, 0xA9C0),
    (0xA9E5, 0xA9E5), (0xAA29, 0xAA36), (0xAA43, 0xAA43), (0xAA4C, 0xAA4D), (0xAA7C, 0xAA7C),
    (0xAAB0, 0xAAB0), (0xAAB2, 0xAAB4), (0xAAB7, 0xAAB8), (0xAABE, 0xAABF), (0xAAC1, 0xAAC1),
    (0xAAEB, 0xAAEF), (0xAAF5, 0xAAF6), (0xABE3, 0xABEA), (0xABEC, 0xABED), (0xFB1E, 0xFB1E),
    (0xFE00, 0xFE0F), (0xFE20, 0xFE2F), (0xFF9E, 0xFF9F), (0x101FD, 0x101FD), (0x102E0, 0x102E0),
    (0x10376, 0x1037A), (0x10A01, 0x10A03), (0x10A05, 0x10A06), (0x10A0C, 0x10A0F),
    (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F), (0x10AE5, 0x10AE6), (0x10D24, 0x10D27),
    (0x10EAB, 0x10EAC), (0x10F46, 0x10F50), (0x10F82, 0x10F85), (0x11000, 0x11002),
    (0x11038, 0x11046), (0x11070, 0x11070), (0x11073, 0x11074), (0x1107F, 0x11082),
    (0x110B0, 0x110BA), (0x110C2, 0x110C2), (0x11100, 0x11102), (0x11127, 0x11134),
    (0x11145, 0x11146), (0x11173, 0x11173), (0x11180, 0x11182), (0x111B3, 0x111C0),
    (0x111C9, 0x111CC), (0x111CE, 0x111CF), (0x1122C, 0x11237), (0x1123E, 0x1123E),
    (0x112DF, 0x112EA), (0x11300, 0x11303), (0x1133B, 0x1133C), (0x1133E, 0x11344),
    (0x11347, 0x11348), (0x1134B, 0x1134D), (0x11357, 0x11357), (0x11362, 0x11363),
    (0x11366, 0x1136C), (0x11370, 0x11374), (0x11435, 0x11446), (0x1145E, 0x1145E),
    (0x114B0, 0x114C3), (0x115AF, 0x115B5), (0x115B8, 0x115C0), (0x115DC, 0x115DD),
    (0x11630, 0x11640), (0x116AB, 0x116B7), (0x1171D, 0x1171F), (0x11722, 0x1172B),
    (0x1182C, 0x1183A), (0x11930, 0x11935), (0x11937, 0x11938), (0x1193B, 0x1193E),
    (0x11940, 0x11940), (0x11942, 0x11943), (0x119D1, 0x119D7), (0x119DA, 0x119E0),
    (0x119E4, 0x119E4), (0x11A01, 0x11A0A), (0x11A33, 0x11A39), (0x11A3B, 0x11A3E),
    (0x11A47, 0x11A47), (0x11A51, 0x11A5B), (0x11A8A, 0x11A99), (0x11C2F, 0x11C36),
    (0x11C38, 0x11C3F), (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6), (0x11D31, 0x11D36),
    (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D), (0x11D3F, 0x11D45), (0x11D47, 0x11D47),
    (0x11D8A, 0x11D8E), (0x11D90, 0x11D91), (0x11D93, 0x11D97), (0x11EF3, 0x11EF6),
    (0x16AF0, 0x16AF4), (0x16B30, 0x16B36), (0x16F4F, 0x16F4F), (0x16F51, 0x16F87),
    (0x16F8F, 0x16F92), (0x16FE4, 0x16FE4), (0x16FF0, 0x16FF1), (0x1BC9D, 0x1BC9E),
    (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46), (0x1D165, 0x1D169), (0x1D16D, 0x1D172),
    (0x1D17B, 0x1D182), (0x1D185, 0x1D18B), (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244),
    (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C), (0x1DA75, 0x1DA75), (0x1DA84, 0x1DA84),
    (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1E000, 0x1E006), (0x1E008, 0x1E018),
    (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A), (0x1E130, 0x1E136),
    (0x1E2AE, 0x1E2AE), (0x1E2EC, 0x1E2EF), (0x1E8D0, 0x1E8D6), (0x1E944, 0x1E94A),
    (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0xE0100, 0xE01EF),
];

#[rustfmt::skip]
const CONTROL: &[(u32, u32)] = &[
    (0x0080, 0x009F), (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200B),
    (0x200E, 0x200F), (0x2028, 0x202E), (0x2060, 0x206F), (0xFEFF, 0xFEFF), (0xFFF0, 0xFFFB),
    (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE001F),
    (0xE0080, 0xE00FF), (0xE01F0, 0xE0FFF),
];

#[rustfmt::skip]
const PREPEND: &[(u32, u32)] = &[
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x111C2, 0x111C3),
    (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A3A, 0x11A3A), (0x11A84, 0x11A89),
    (0x11D46, 0x11D46), (0x11F02, 0x11F02),
];
