//! sagerole turns a short spec of Amazon SageMaker workloads into
//! least-privilege IAM: execution roles with confused-deputy-safe trust
//! policies, per-API permission policies, and `iam:PassRole` grants for the
//! callers that launch the workloads, emitted as a Terraform module and a
//! CloudFormation template with the same content.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! spec text ──spec::parse──▶ RawSpec ──model::lower──▶ Model ──emit::emit──▶ Files
//!  (HCL/JSON)                (what was written)   (proven roles      (path → bytes)
//!                                                  and policies)
//! ```
//!
//! ```
//! use sagerole::{diagnostic::Source, emit};
//!
//! let source = Source::new("sagerole.hcl", r#"
//!     name_prefix = "churn"
//!     workload "train" {
//!       api     = "CreateTrainingJob"
//!       inputs  = ["s3://churn-data/train/"]
//!       outputs = ["s3://churn-artifacts/models/"]
//!       images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.7"]
//!     }
//! "#);
//! let model = sagerole::load(&source).expect("a valid spec");
//! let files = emit::emit(&model, &emit::Settings::new("../sagerole.hcl")).expect("within CloudFormation's quotas");
//! assert!(files.contains_key("terraform/roles.tf"));
//! assert!(files.contains_key("cloudformation/template.yaml"));
//! ```
//!
//! Between the model and the emitters, [`lint`] checks every policy against
//! the pinned IAM data ([`iam_data`]); the CLI writes nothing that fails it.
//! Only [`cli`] touches the file system.

pub mod arn;
pub mod catalog;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod explain;
pub mod iam_data;
mod json_text;
pub mod lint;
pub mod model;
pub mod schema;
pub mod spec;
mod suggest;
#[doc(hidden)]
pub mod synthetic;
pub mod why;

/// The version written into every generated file's header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

use diagnostic::{Diagnostic, Source};

/// A spec read and proven.
#[derive(Debug)]
pub struct Loaded {
    /// What the spec says, with where it says it.
    pub raw: spec::raw::RawSpec,
    pub model: model::Model,
    /// Broad access the spec asks for ([`model::warnings`]), sorted by position.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a spec into a [`model::Model`], or returns every problem found:
/// a syntax error alone, or all shape and meaning problems together, sorted
/// by position.
pub fn load(source: &Source) -> Result<model::Model, Vec<Diagnostic>> {
    load_as(source, spec::Syntax::of(&source.name)).map(|l| l.model)
}

/// [`load`] in a given syntax, keeping the spec as written and the warnings.
pub fn load_as(source: &Source, syntax: spec::Syntax) -> Result<Loaded, Vec<Diagnostic>> {
    let (raw, mut problems) = spec::parse_as(source, syntax)?;
    match model::lower(&raw) {
        Ok(model) if problems.is_empty() => {
            let mut declared = lint::declared_statements(&model, &raw);
            if !declared.is_empty() {
                diagnostic::sort(&mut declared);
                return Err(declared);
            }
            let warnings = model::warnings(&model, &raw);
            Ok(Loaded {
                raw,
                model,
                warnings,
            })
        }
        Ok(_) => {
            diagnostic::sort(&mut problems);
            Err(problems)
        }
        Err(more) => {
            // A field written with a value of the wrong type is left out of
            // the RawSpec, with all it holds, so the model finds it (or a
            // field inside it) missing; the front end has reported it, and
            // that is the one problem.
            let unreadable: Vec<&str> = problems
                .iter()
                .filter(|d| d.kind == diagnostic::Kind::Type)
                .map(|d| d.path.as_str())
                .collect();
            let within = |path: &str, outer: &str| {
                outer.is_empty()
                    || path == outer
                    || path
                        .strip_prefix(outer)
                        .is_some_and(|rest| rest.starts_with('.'))
            };
            let blocks = Blocks::of(&raw);
            let more: Vec<Diagnostic> = more
                .into_iter()
                .filter(|d| {
                    d.kind != diagnostic::Kind::MissingField
                        || !unreadable.iter().any(|u| within(&d.path, u))
                })
                .map(|d| blocks.locate(d))
                .collect();
            problems.extend(more);
            diagnostic::sort(&mut problems);
            problems.dedup();
            Err(problems)
        }
    }
}

/// Where the spec declares each role, caller and workload: all of the spec
/// as written that a diagnostic found after lowering (a quota, once the
/// policies or templates are built) needs. The CLI keeps this and drops the
/// spec itself before emitting, so that thousands of its small values do
/// not sit beside the output at the peak of memory.
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    /// `role` blocks, then workloads, which name the roles that no block
    /// declares.
    roles: Vec<(String, diagnostic::Span)>,
    callers: Vec<(String, diagnostic::Span)>,
    workloads: Vec<(String, diagnostic::Span)>,
}

impl Blocks {
    pub fn of(raw: &spec::raw::RawSpec) -> Self {
        let named = |n: &spec::raw::Text| (n.value.clone(), n.span);
        let workloads: Vec<_> = raw.workloads.iter().map(|w| named(&w.name)).collect();
        Blocks {
            roles: raw
                .roles
                .iter()
                .map(|r| named(&r.name))
                .chain(workloads.iter().cloned())
                .collect(),
            callers: raw.callers.iter().map(|c| named(&c.name)).collect(),
            workloads,
        }
    }

    /// Gives a diagnostic about a whole role, caller or workload the span
    /// of the block that declares it: a `role` or `caller` block, the
    /// workload a role without a block is named after, or a `workload`
    /// block.
    pub fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        if d.span.is_some() {
            return d;
        }
        let named = |kind: &str| {
            d.path
                .strip_prefix(kind)
                .and_then(|rest| rest.strip_prefix(" \""))
                .and_then(|rest| rest.strip_suffix('"'))
        };
        let blocks = if let Some(key) = named("role") {
            Some((&self.roles, key))
        } else if let Some(key) = named("caller") {
            Some((&self.callers, key))
        } else {
            named("workload").map(|key| (&self.workloads, key))
        };
        let span = blocks.and_then(|(blocks, key)| {
            blocks
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, span)| *span)
        });
        d.span = span;
        d
    }
}
