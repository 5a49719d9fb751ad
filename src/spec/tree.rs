//! The syntax-neutral tree that every spec front end produces.
//!
//! HCL and JSON specs both become a [`Node`] tree with byte spans, so that one
//! lowering ([`super::raw`]) checks the schema for every syntax. HCL blocks map
//! onto nested maps the way Terraform's JSON syntax does:
//! `workload "train" { api = "X" }` is the same tree as
//! `{"workload": {"train": {"api": "X"}}}`.

use crate::diagnostic::Span;

/// A value with the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    /// A number as written, so that no precision is lost before the schema decides its type.
    Number(String),
    Bool(bool),
    Null,
    List(Vec<Node>),
    /// Entries in source order. Keys may repeat (two `workload` blocks, or a
    /// duplicate JSON key); the lowering decides whether that is allowed.
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Value {
    /// The name of the value's type, for messages: "a string", "a list", ...
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Null => "null",
            Value::List(_) => "a list",
            Value::Map(_) => "an object",
        }
    }
}

/// Block types whose labels name things: in a spec path their labels follow the
/// type quoted, `workload "train"`, instead of joined with `.`.
pub const LABELLED_BLOCKS: &[&str] = &["input", "workload", "role", "caller", "statement"];

/// Whether the entries of the map held by an entry named `key` are block labels,
/// as long as their own values are maps (`workload "train" { ... }` or
/// `{"workload": {"train": {...}}}`).
pub fn has_labels(key: &str) -> bool {
    LABELLED_BLOCKS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_named_blocks_have_labels() {
        assert!(has_labels("workload") && has_labels("role") && has_labels("caller"));
        assert!(!has_labels("vpc") && !has_labels(""));
    }
}
