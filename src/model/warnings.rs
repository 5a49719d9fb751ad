//! Warnings: broad access that a valid spec asks for.
//!
//! A warning is not an error: the spec says what it means, and the output
//! carries the same warning in its comments (except `shared-role-reach`,
//! which is about who launches what, not about one role's policy, and
//! `open-prefix`, which `explain` shows on the statements). Every
//! command that reads a spec shows the warnings this function decides, so
//! that `generate`, `check`, `lint` and `render` never disagree about them.

use std::collections::BTreeMap;

use super::reach::{holds, path_text, Step};
use super::value::Str;
use super::{Model, Statement};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::spec::raw::{RawSpec, Text};

/// The warnings of a model, located in the spec it was lowered from: at the
/// field that asks for the broad access, or at the role's block.
pub fn warnings(model: &Model, raw: &RawSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Each role's first block, found once rather than by a search of the
    // blocks for each role.
    let mut blocks = BTreeMap::new();
    for r in &raw.roles {
        blocks.entry(r.name.value.as_str()).or_insert(r);
    }
    for role in &model.roles {
        let block = blocks.get(role.key.as_str()).copied();
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
    // A declared `*`: the spec says why, and the reviewer should read it.
    let declared = raw
        .roles
        .iter()
        .flat_map(|r| &r.statements)
        .chain(raw.callers.iter().flat_map(|c| &c.statements));
    for st in declared {
        if let Some(w) = &st.allow_wildcard {
            out.push(
                Diagnostic::warning(
                    Kind::DeclaredWildcard,
                    w.path.to_string(),
                    Some(w.span),
                    format!(
                        "statement {:?} grants {} on every resource (\"*\"): {}",
                        st.name.value,
                        st.actions
                            .iter()
                            .map(|a| a.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        w.value
                    ),
                )
                .with_help("name the resources where the actions take any; keep \"*\" only for actions AWS authorizes on \"*\" alone"),
            );
        }
    }
    // An input no value names: the variable and the parameter would take
    // a value that changes nothing, which is likely a value meant for a
    // field that still holds a literal.
    for d in super::inputs::unused(model) {
        if let Some(i) = raw.inputs.iter().find(|i| i.name.value == d.name) {
            out.push(
                Diagnostic::warning(
                    Kind::UnusedInput,
                    i.name.path.to_string(),
                    Some(i.name.span),
                    format!("input {:?} is declared but no value names it", d.name),
                )
                .with_help(format!(
                    "name it where its value stands, e.g. {{ input = {:?} }}, or remove the block",
                    d.name
                )),
            );
        }
    }
    out.extend(shared_role_reach(model, raw));
    out.extend(indistinct_roles(model, raw));
    out.extend(open_prefixes(raw));
    // A pin a workload gives up: the spec says why, and the reviewer
    // should read it. Only a valid spec has a model, so each opt-out here
    // has its reason.
    for w in &raw.workloads {
        for (pin, reason) in w.opt_out.iter().flat_map(|o| &o.reasons) {
            out.push(
                Diagnostic::warning(
                    Kind::OptOut,
                    reason.path.to_string(),
                    Some(reason.span),
                    format!(
                        "workload {:?} allows {}: {}",
                        w.name.value,
                        pin.what(),
                        reason.value
                    ),
                )
                .with_help(format!(
                    "remove opt_out.{} to keep the pin",
                    pin.spec_name()
                )),
            );
        }
    }
    crate::diagnostic::sort(&mut out);
    out
}

/// S3 locations whose key prefix does not end in `/`. IAM matches
/// `bucket/models*` and S3 lists `s3:prefix` = `models` as plain string
/// prefixes (IAM User Guide, 'IAM JSON policy elements: Resource'; Amazon S3
/// User Guide, 'Organizing objects using prefixes': a prefix is any string
/// at the start of a key), so `s3://bucket/models` also reaches
/// `models-prod/`. Fields that take one object as well as a prefix
/// (`model_data`, an API's object `inputs`) name an object by such a key
/// and are not warned about.
fn open_prefixes(raw: &RawSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in &raw.workloads {
        let object_inputs = w
            .api
            .as_ref()
            .and_then(|a| crate::catalog::api(&a.value))
            .is_some_and(|a| a.object_inputs);
        let prefixes = (!object_inputs)
            .then_some(&w.inputs)
            .into_iter()
            .chain([&w.outputs])
            .flatten();
        for t in prefixes {
            // A location that ends in `/` (or names the whole bucket) has
            // no open prefix: not parsed again to learn it.
            if t.value.ends_with('/') {
                continue;
            }
            let Ok(l) = crate::model::resource::s3_uri(&t.value) else {
                continue;
            };
            if let Some(next) = l.open_prefix() {
                out.push(
                    Diagnostic::warning(
                        Kind::OpenPrefix,
                        t.path.to_string(),
                        Some(t.span),
                        format!(
                            "{:?} has no final `/`: its grant also covers every key that starts with {:?}, such as {next:?}",
                            t.value, l.prefix
                        ),
                    )
                    .with_help(format!("write {:?} to reach that prefix only", format!("{}/", t.value))),
                );
            }
        }
    }
    out
}

/// A launcher that reaches data (S3) through a shared role which holds it
/// for other workloads than the ones launched, when the launcher does not
/// hold that access itself: launching a workload is acting as its role, so
/// sharing a role hands each launcher the data of all its workloads. One
/// warning per path, at the `launches` (or `passes`) entry it starts from.
fn shared_role_reach(model: &Model, raw: &RawSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Each key's first role's and caller's policy, found once rather than
    // by a search of the model for each principal (a million comparisons
    // of keys at 10,000 workloads).
    let mut roles = BTreeMap::new();
    for x in &model.roles {
        roles.entry(x.key.as_str()).or_insert(&x.policy);
    }
    let mut callers = BTreeMap::new();
    for x in &model.callers {
        callers.entry(x.key.as_str()).or_insert(&x.policy);
    }
    for r in super::reach::reach_of_launchers(model) {
        let own = match r.kind {
            "role" => roles.get(r.key.as_str()),
            _ => callers.get(r.key.as_str()),
        };
        let Some(&own) = own else { continue };
        // Path → what it reaches beyond the launched workloads' needs.
        let mut beyond: BTreeMap<&[Step], Vec<String>> = BTreeMap::new();
        for g in &r.grants {
            let data: Vec<&str> = g
                .statement
                .actions
                .iter()
                .map(String::as_str)
                .filter(|a| a.starts_with("s3:"))
                .collect();
            if g.unneeded.is_empty() || data.is_empty() {
                continue;
            }
            let not_held: Vec<&Str> = g
                .unneeded
                .iter()
                .filter(|r| {
                    let only = Statement {
                        actions: data.iter().map(|a| a.to_string()).collect(),
                        resources: vec![(*r).clone()],
                        ..(*g.statement).clone()
                    };
                    !holds(own, &only)
                })
                .collect();
            if not_held.is_empty() {
                continue;
            }
            let resources: Vec<String> = not_held
                .iter()
                .map(|u| {
                    let s = u.symbolic();
                    s.strip_prefix("arn:${Partition}:s3:::")
                        .unwrap_or(&s)
                        .to_string()
                })
                .collect();
            beyond.entry(&g.path).or_default().push(format!(
                "{} on {}",
                data.join(", "),
                resources.join(", ")
            ));
        }
        for (path, grants) in beyond {
            let Some(first) = path.first() else { continue };
            let holder = &path[path.len() - 1];
            let at = launch_entry(model, raw, r.kind, &r.key, first);
            let (at_path, span) = match at {
                Some(t) => (t.path.to_string(), Some(t.span)),
                None => (format!("{} {:?}", r.kind, r.key), None),
            };
            let others = model
                .roles
                .iter()
                .find(|x| x.key == holder.role)
                .map(|x| x.workloads.join(", "))
                .unwrap_or_default();
            let message = format!(
                "{} {:?} may act as role {} ({}), and so reaches data that role holds for its other workloads and that {:?} does not hold itself: {}",
                r.kind,
                r.key,
                holder.role_name,
                path_text(path),
                r.key,
                grants.join("; ")
            );
            let help = format!(
                "launching a workload is acting as its role (no condition key limits a job's image or entry point): give the launched workload a role of its own instead of sharing role {:?} ({others}), or grant {:?} that access where it should have it",
                holder.role, r.key
            );
            out.push(
                Diagnostic::warning(Kind::SharedRoleReach, at_path, span, message).with_help(help),
            );
        }
    }
    out
}

/// A launcher that passes several roles to a create call that cannot tell
/// them apart: PassRole covers every role in `passes` for every create call
/// (SageMaker sets no `iam:AssociatedResourceArn` that AWS documents), and
/// only a role's trust narrowed to another workload's kind or names keeps
/// SageMaker from assuming it ([`super::reach::indistinct_roles`]). At the
/// caller's `passes`, or the launching workload's `launches`.
fn indistinct_roles(model: &Model, raw: &RawSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for super::reach::Indistinct {
        kind,
        key,
        calls: shared,
    } in super::reach::indistinct_roles(model)
    {
        let at: Option<&Text> = if kind == "caller" {
            raw.callers
                .iter()
                .find(|c| c.name.value == key)
                .and_then(|c| c.passes.first())
        } else {
            model.roles.iter().find(|r| r.key == key).and_then(|role| {
                raw.workloads
                    .iter()
                    .filter(|x| role.workloads.contains(&x.name.value))
                    .find_map(|x| x.launches.first())
            })
        };
        let (path, span) = match at {
            Some(t) => (t.path.to_string(), Some(t.span)),
            None => (format!("{kind} {key:?}"), None),
        };
        // Workloads that may run under the same roles are named together,
        // so that ten launches of one role set read as one clause.
        let mut by_roles: BTreeMap<&[String], Vec<&str>> = BTreeMap::new();
        for (w, roles) in &shared {
            by_roles.entry(roles).or_default().push(w);
        }
        let calls: Vec<String> = by_roles
            .iter()
            .map(|(roles, ws)| format!("{} under {}", ws.join(", "), roles.join(" or ")))
            .collect();
        out.push(
            Diagnostic::warning(
                Kind::IndistinctRoles,
                path,
                span,
                format!(
                    "{kind} {key:?} passes roles whose create calls cannot tell them apart, so it may create {}",
                    calls.join("; ")
                ),
            )
            .with_help(format!(
                "split {kind} {key:?} so that each principal passes only roles its create calls tell apart: a job role's trust narrowed to its own jobs (trust = \"strict\", the default) does; inference and Studio roles, which AWS lets trust only the account, do not"
            )),
        );
    }
    out
}

/// The spec entry a path starts from: the caller's (or the role's
/// workload's) `launches` entry of its first launch, or the caller's
/// `passes` entry of the role it passes.
fn launch_entry<'r>(
    model: &Model,
    raw: &'r RawSpec,
    kind: &str,
    key: &str,
    first: &Step,
) -> Option<&'r Text> {
    let find = |list: &'r [Text], value: &str| list.iter().find(|t| t.value == value);
    if kind == "caller" {
        let c = raw.callers.iter().find(|c| c.name.value == key)?;
        return match &first.launches {
            Some(w) => find(&c.launches, w),
            None => find(&c.passes, &first.role),
        };
    }
    let role = model.roles.iter().find(|r| r.key == key)?;
    let w = first.launches.as_deref()?;
    raw.workloads
        .iter()
        .filter(|x| role.workloads.contains(&x.name.value))
        .find_map(|x| find(&x.launches, w))
}
