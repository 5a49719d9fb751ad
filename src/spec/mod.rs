//! The front end: spec text → [`RawSpec`](raw::RawSpec).
//!
//! HCL is the primary syntax (Terraform users read and write it daily); JSON
//! with the same schema is accepted too, in the shape of Terraform's JSON
//! syntax. Both parse into one [`tree::Node`] tree with spans, which
//! [`raw::lower`] shapes into a `RawSpec`. Meaning is checked later, in
//! [`crate::model`].

pub mod hcl;
pub mod json;
pub mod path;
pub mod raw;
pub mod tree;
pub mod yaml;

use crate::diagnostic::{Diagnostic, Source};

/// The syntax of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Hcl,
    Json,
    Yaml,
}

impl Syntax {
    /// The syntax a file name's extension implies: `.json` is JSON, `.yaml`
    /// and `.yml` YAML, anything else HCL.
    pub fn of(name: &str) -> Syntax {
        let name = name.to_ascii_lowercase();
        if name.ends_with(".json") {
            Syntax::Json
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            Syntax::Yaml
        } else {
            Syntax::Hcl
        }
    }
}

/// Parses and shapes a spec, choosing the syntax by the source's name.
///
/// A syntax error is `Err`. Otherwise the spec comes back with the shape
/// problems found, if any, so that later stages can add theirs.
pub fn parse(source: &Source) -> Result<(raw::RawSpec, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse_as(source, Syntax::of(&source.name))
}

/// [`parse`] in a given syntax, for a source whose name does not tell it
/// (a spec read from standard input).
pub fn parse_as(
    source: &Source,
    syntax: Syntax,
) -> Result<(raw::RawSpec, Vec<Diagnostic>), Vec<Diagnostic>> {
    let tree = match syntax {
        Syntax::Hcl => hcl::parse(source)?,
        Syntax::Json => json::parse(source)?,
        Syntax::Yaml => yaml::parse(source)?,
    };
    Ok(raw::lower(&tree))
}
