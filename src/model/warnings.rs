//! Warnings: broad access that a valid spec asks for.
//!
//! A warning is not an error: the spec says what it means, and the output
//! carries the same warning in its comments. Every command that reads a spec
//! shows the warnings this function decides, so that `generate`, `check`,
//! `lint` and `render` never disagree about them.

use super::Model;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::spec::raw::{RawSpec, Text};

/// The warnings of a model, located in the spec it was lowered from: at the
/// field that asks for the broad access, or at the role's block.
pub fn warnings(model: &Model, raw: &RawSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for role in &model.roles {
        let block = raw.roles.iter().find(|r| r.name.value == role.key);
        // The field of the role block that asks for it; a role without a
        // block of its own (named after its workload) asks for nothing.
        let at = |field: Option<&Text>| -> (String, Option<Span>) {
            match (block, field) {
                (Some(_), Some(f)) => (f.path.to_string(), Some(f.span)),
                (Some(b), None) => (b.name.path.to_string(), Some(b.name.span)),
                (None, _) => (format!("role {:?}", role.key), None),
            }
        };
        if let Some(w) = &role.trust.warning {
            let (path, span) = at(block.and_then(|b| b.trust.as_ref()));
            let help = match role.trust.mode {
                super::TrustMode::Off => {
                    "remove trust = \"off\" to keep the aws:SourceAccount and aws:SourceArn conditions"
                }
                _ => "move the inference or tuning workloads to a role of their own, or set trust = \"auto\"",
            };
            out.push(Diagnostic::warning(Kind::BroadTrust, path, span, w).with_help(help));
        }
        for m in &role.aws_managed {
            let (path, span) = at(block.and_then(|b| b.permissions.as_ref()));
            out.push(
                Diagnostic::warning(Kind::AwsManagedPolicy, path, span, &m.reason).with_help(
                    "remove permissions = \"full-access\" to get permissions scoped to the role's workloads",
                ),
            );
        }
    }
    crate::diagnostic::sort(&mut out);
    out
}
