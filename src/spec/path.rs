//! Where a value is in a spec: `workload "train".vpc.subnets[1]`, the path a
//! diagnostic names.
//!
//! Every value read from a spec has a path, but only a diagnostic shows one,
//! and most specs are read without any. So a [`SpecPath`] keeps its parts
//! and is written out as text (`Display`, or `String::from`) only when a
//! diagnostic is made: writing the text for every value took a fifth of the
//! instructions spent reading a spec.

use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;

/// A spec path: its parent, shared with the parent's other children, and
/// one last step. Keys borrow from what is being read, or are `'static`
/// when the path outlives it (the schema's field names, or owned text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpecPath<'a> {
    parent: Option<Rc<SpecPath<'a>>>,
    step: Step<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum Step<'a> {
    /// The top level of the spec: no text.
    #[default]
    Root,
    /// A field or map key: `vpc` at the top level, `.subnets` below it.
    Key(Cow<'a, str>),
    /// A block label after the block type, quoted: ` "train"`.
    Label(Cow<'a, str>),
    /// A list item: `[1]`.
    Index(usize),
    /// An entry of a map whose keys are data rather than fields: `["team"]`.
    Entry(Cow<'a, str>),
}

impl<'a> SpecPath<'a> {
    /// The top level of the spec, whose path is empty.
    pub fn root() -> Self {
        SpecPath::default()
    }

    fn child(parent: &Rc<Self>, step: Step<'a>) -> Self {
        SpecPath {
            parent: Some(Rc::clone(parent)),
            step,
        }
    }

    /// The key `key` of the map at `parent`: a field (`vpc.subnets`), or a
    /// block label when `labelled` (`workload "train"`).
    pub fn key(parent: &Rc<Self>, key: impl Into<Cow<'a, str>>, labelled: bool) -> Self {
        let key = key.into();
        let step = if labelled {
            Step::Label(key)
        } else {
            Step::Key(key)
        };
        SpecPath::child(parent, step)
    }

    /// Item `index` of the list at `parent`: `inputs[1]`.
    pub fn index(parent: &Rc<Self>, index: usize) -> Self {
        SpecPath::child(parent, Step::Index(index))
    }

    /// The entry `key` of a map of data at `parent`: `tags["team"]`.
    pub fn entry(parent: &Rc<Self>, key: impl Into<Cow<'a, str>>) -> Self {
        SpecPath::child(parent, Step::Entry(key.into()))
    }

    /// Whether this is the top level, whose path is empty.
    pub fn is_root(&self) -> bool {
        self.step == Step::Root
    }
}

impl fmt::Display for SpecPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at_top = self.parent.as_deref().is_none_or(SpecPath::is_root);
        if let Some(parent) = &self.parent {
            parent.fmt(f)?;
        }
        match &self.step {
            Step::Root => Ok(()),
            Step::Key(key) if at_top => f.write_str(key),
            Step::Key(key) => write!(f, ".{key}"),
            // `{:?}` quotes a label or key and escapes quotes inside it.
            Step::Label(label) => write!(f, " {label:?}"),
            Step::Index(index) => write!(f, "[{index}]"),
            Step::Entry(key) => write!(f, "[{key:?}]"),
        }
    }
}

/// The path as diagnostics show it.
impl From<&SpecPath<'_>> for String {
    fn from(path: &SpecPath<'_>) -> String {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_labels_and_join_fields() {
        let root = Rc::new(SpecPath::root());
        assert_eq!(root.to_string(), "");
        let workload = Rc::new(SpecPath::key(&root, "workload", false));
        assert_eq!(workload.to_string(), "workload");
        let train = Rc::new(SpecPath::key(&workload, "train", true));
        assert_eq!(train.to_string(), r#"workload "train""#);
        let vpc = Rc::new(SpecPath::key(&train, "vpc", false));
        let subnets = Rc::new(SpecPath::key(&vpc, "subnets", false));
        assert_eq!(
            SpecPath::index(&subnets, 0).to_string(),
            r#"workload "train".vpc.subnets[0]"#
        );
        let role = Rc::new(SpecPath::key(&root, "role", false));
        assert_eq!(
            SpecPath::key(&role, "say \"hi\"", true).to_string(),
            r#"role "say \"hi\"""#
        );
        let tags = Rc::new(SpecPath::key(&root, "tags", false));
        assert_eq!(
            String::from(&SpecPath::entry(&tags, "a\"b")),
            r#"tags["a\"b"]"#
        );
    }
}
