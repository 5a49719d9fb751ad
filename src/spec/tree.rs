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
pub const LABELLED_BLOCKS: &[&str] = &["workload", "role", "caller"];

/// Whether the entries of the map held by an entry named `key` are block labels,
/// as long as their own values are maps (`workload "train" { ... }` or
/// `{"workload": {"train": {...}}}`).
pub fn has_labels(key: &str) -> bool {
    LABELLED_BLOCKS.contains(&key)
}

/// Extends a spec path by a map key: `workload "train"` when the key is a block
/// label, `vpc.subnets` otherwise; a key at the top level is the path itself.
pub fn join_path(parent: &str, key: &str, labelled: bool) -> String {
    if labelled {
        // A label always has a block type before it. `{:?}` quotes and escapes
        // the label the way the lowering does.
        format!("{parent} {key:?}")
    } else if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Extends a spec path by a list index: `inputs[1]`.
pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_labels_and_join_fields() {
        let workload = join_path("", "workload", false);
        assert_eq!(workload, "workload");
        let train = join_path(&workload, "train", true);
        assert_eq!(train, r#"workload "train""#);
        let subnets = join_path(&join_path(&train, "vpc", false), "subnets", false);
        assert_eq!(
            index_path(&subnets, 0),
            r#"workload "train".vpc.subnets[0]"#
        );
        assert_eq!(
            join_path("role", "say \"hi\"", true),
            r#"role "say \"hi\"""#
        );
        assert!(has_labels("caller") && !has_labels("vpc"));
    }
}
