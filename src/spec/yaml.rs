//! YAML specs: the JSON shape of a spec, written as YAML, into the same
//! [`Node`] tree with byte spans, so that every later check and message is
//! the one HCL and JSON specs get.
//!
//! serde-saphyr parses (YAML 1.2, with its budgets against alias bombs) and
//! gives every value its location through `Spanned`; the visitor below turns
//! each value into a node. Mapping keys must be strings. A syntax error
//! comes back with the parser's line and column.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::tree::{Entry, Node, Value};
use crate::diagnostic::{Diagnostic, Kind, Source, Span};

fn span_of(s: &serde_saphyr::Span) -> Span {
    match (s.byte_offset(), s.byte_len()) {
        (Some(start), Some(len)) => Span::new(start as usize, (start + len) as usize),
        (Some(start), None) => Span::new(start as usize, start as usize),
        _ => Span::new(0, 0),
    }
}

fn node(v: Spanned<Tree>) -> Node {
    Node {
        span: span_of(&v.referenced.span()),
        value: v.value.0,
    }
}

/// A value of the tree, as serde reads it.
struct Tree(Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean, list or mapping")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree(Value::String(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
        Ok(Tree(Value::String(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree(Value::Number(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree(Value::Number(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree(Value::Number(v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        Tree::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Tree>>()? {
            items.push(node(item));
        }
        Ok(Tree(Value::List(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Tree>>()?;
            entries.push(Entry {
                key: key.value,
                key_span: span_of(&key.referenced.span()),
                value: node(value),
            });
        }
        Ok(Tree(Value::Map(entries)))
    }
}

/// serde-saphyr's message without what the diagnostic shows itself: its
/// `error: line L column C:` lead, its source snippet, and its advice on
/// parser options.
fn message(text: &str) -> String {
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim();
    let first = match first.split_once(": ") {
        Some((lead, rest)) if lead.starts_with("line ") && lead.contains(" column ") => rest,
        _ => first,
    };
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    first.to_string()
}

/// Parses a YAML spec into the syntax-neutral tree.
pub fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
    match serde_saphyr::from_str::<Spanned<Tree>>(&source.text) {
        Ok(root) => Ok(node(root)),
        Err(e) => {
            let span = e
                .location()
                .map(|l| match l.span().byte_offset() {
                    Some(_) => span_of(&l.span()),
                    None => {
                        let at = source.offset(l.line() as usize, l.column() as usize);
                        Span::new(at, at)
                    }
                })
                .unwrap_or_else(|| Span::new(0, 0));
            let message = message(&e.to_string());
            Err(vec![Diagnostic::error(Kind::Syntax, "", Some(span), message)
                .with_help("YAML specs have the shape of JSON specs: name_prefix, workload: {NAME: {...}}, role: {...}, caller: {...}")])
        }
    }
}
