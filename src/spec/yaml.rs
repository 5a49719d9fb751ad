//! YAML specs: the JSON shape of a spec, written as YAML, into the same
//! [`Node`] tree with byte spans, so that every later check and message is
//! the one HCL and JSON specs get.
//!
//! serde-saphyr parses (YAML 1.2, with its budgets against alias bombs) and
//! gives every value its location through `Spanned`; the visitor below turns
//! each value into a node. Mapping keys must be strings. A syntax error
//! comes back with the parser's line and column.
//!
//! An explicit tag (`!!binary`, `!!str`, `!custom`, `!`) is refused at the
//! value it stands on: the parser decodes some (`!!binary` is base64, so the
//! value the spec means is not the text a reviewer reads) and drops the
//! others, and neither HCL nor JSON can say the same thing. Every tag is
//! reported, with its spec path, in one run.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Spanned, Tagged};

use std::rc::Rc;

use super::path::SpecPath;
use super::tree::{has_labels, Entry, Node, Value};
use crate::diagnostic::{Diagnostic, Kind, Source, Span};

fn span_of(s: &serde_saphyr::Span) -> Span {
    match (s.byte_offset(), s.byte_len()) {
        (Some(start), Some(len)) => Span::new(start as usize, (start + len) as usize),
        (Some(start), None) => Span::new(start as usize, start as usize),
        _ => Span::new(0, 0),
    }
}

/// A YAML value as read: spanned, with the explicit tag it carries.
type Read<T> = Spanned<Tagged<T>>;

/// The node of a value read, recording its tag (and those inside it) in `tags`.
fn node(v: Read<Tree>, tags: &mut Vec<Found>) -> Node {
    let span = span_of(&v.referenced.span());
    let Tagged(tree, tag) = v.value;
    tags.extend(tree.tags);
    if let Some(tag) = tag {
        tags.push(Found { span, tag });
    }
    Node {
        span,
        value: tree.value,
    }
}

/// An explicit tag and the span of the value (or mapping key) it is on.
struct Found {
    span: Span,
    tag: String,
}

/// A value of the tree, as serde reads it, with the tags found inside it.
struct Tree {
    value: Value,
    tags: Vec<Found>,
}

impl From<Value> for Tree {
    fn from(value: Value) -> Self {
        Tree {
            value,
            tags: Vec::new(),
        }
    }
}

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
        Ok(Value::String(v.to_string()).into())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
        Ok(Value::String(v).into())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
        Ok(Value::Bool(v).into())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(Value::Number(v.to_string()).into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        Ok(Value::Number(v.to_string()).into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
        Ok(Value::Number(v.to_string()).into())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Value::Null.into())
    }

    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Value::Null.into())
    }

    /// A `!!binary` value that is not UTF-8 text: the tag on it is refused,
    /// so the bytes never reach the spec.
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Tree, E> {
        Ok(Value::Null.into())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        Tree::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        let mut tags = Vec::new();
        while let Some(item) = seq.next_element::<Read<Tree>>()? {
            items.push(node(item, &mut tags));
        }
        Ok(Tree {
            value: Value::List(items),
            tags,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        let mut tags = Vec::new();
        while let Some(key) = map.next_key::<Read<String>>()? {
            let key_span = span_of(&key.referenced.span());
            let Tagged(key, tag) = key.value;
            if let Some(tag) = tag {
                tags.push(Found {
                    span: key_span,
                    tag,
                });
            }
            let value = map.next_value::<Read<Tree>>()?;
            entries.push(Entry {
                key,
                key_span,
                value: node(value, &mut tags),
            });
        }
        Ok(Tree {
            value: Value::Map(entries),
            tags,
        })
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

/// The spec path of the node (or mapping key) at `span` inside `node`, whose
/// own path is `path`; `labels` tells whether the keys of a map at `node`
/// are block labels. Paths are built as the shaping in [`super::raw`] builds
/// them. The whole tree is searched: serde-saphyr gives a mapping or a
/// sequence the span of its start only, so a span does not tell which
/// subtree holds another.
fn path_at(node: &Node, path: &Rc<SpecPath>, labels: bool, span: Span) -> Option<String> {
    if node.span == span {
        return Some(path.to_string());
    }
    match &node.value {
        Value::Map(entries) => entries.iter().find_map(|e| {
            let labelled = labels && matches!(e.value.value, Value::Map(_));
            let here = Rc::new(SpecPath::key(path, e.key.as_str(), labelled));
            if e.key_span == span {
                Some(here.to_string())
            } else {
                path_at(&e.value, &here, has_labels(&e.key), span)
            }
        }),
        Value::List(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| path_at(item, &Rc::new(SpecPath::index(path, i)), false, span)),
        _ => None,
    }
}

/// A tag as a reader would write it: `!!binary` for the core schema's
/// `tag:yaml.org,2002:binary`.
fn written(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(core) => format!("!!{core}"),
        None => tag.to_string(),
    }
}

/// Parses a YAML spec into the syntax-neutral tree.
pub fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
    match serde_saphyr::from_str::<Read<Tree>>(&source.text) {
        Ok(root) => {
            let mut tags = Vec::new();
            let root = node(root, &mut tags);
            if tags.is_empty() {
                return Ok(root);
            }
            Err(tags
                .into_iter()
                .map(|Found { span, tag }| {
                    let path = path_at(&root, &Rc::new(SpecPath::root()), false, span)
                        .unwrap_or_default();
                    Diagnostic::error(
                        Kind::Expression,
                        path,
                        Some(span),
                        format!(
                            "a spec holds plain values, not YAML tags: `{}` changes or hides what the value means",
                            written(&tag)
                        ),
                    )
                    .with_help("remove the tag and write the value itself; quote it to make it a string")
                })
                .collect())
        }
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
