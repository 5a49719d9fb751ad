//! `sagerole explain`: why each statement exists.
//!
//! For every role and caller, each statement with the workloads it serves
//! (and where the spec declares them), the AWS requirement behind it, and,
//! for a `*` resource, why nothing narrower exists. The text comes from the
//! statements' [`Why`](crate::model::Why), the same source as the comments
//! of the Terraform module and the `Metadata` of the CloudFormation template.
//!
//! [`explain`] gathers it as data ([`Explanation`], which serializes to the
//! JSON of `explain --format json`); [`Explanation::text`] is the text for
//! people.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Kind, Source};
use crate::model::reach::{Reached, Step};
use crate::model::{Condition, Model, Policy};
use crate::spec::raw::RawSpec;

/// Why every role and caller (or one of them) has what it has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The spec, as named in messages.
    pub file: String,
    pub roles: Vec<RoleWhy>,
    pub callers: Vec<CallerWhy>,
}

/// A workload or role by name, with the spec line that declares it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub name: String,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleWhy {
    /// The role's name in the spec.
    pub key: String,
    /// The IAM role name.
    pub name: String,
    /// For an existing role (`existing = true`): the input that names it.
    /// Its trust policy is then its owner's, and `trust` what it should say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing: Option<String>,
    /// The line of its `role` block, or of the workload it is named after.
    pub line: Option<usize>,
    /// The workloads whose jobs run under it.
    pub runs: Vec<Named>,
    pub trust: TrustWhy,
    pub aws_managed: Vec<ManagedWhy>,
    pub statements: Vec<StatementWhy>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrustWhy {
    /// The service principal that may assume the role.
    pub service: String,
    pub conditions: Vec<ConditionWhy>,
    pub why: String,
    pub warning: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagedWhy {
    pub name: String,
    pub warning: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallerWhy {
    pub key: String,
    pub principal: String,
    pub line: Option<usize>,
    pub statements: Vec<StatementWhy>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementWhy {
    pub sid: String,
    pub actions: Vec<String>,
    /// Resources with the deploying context as `${Partition}` and
    /// `${Account}` (regions are the spec's, written out).
    pub resources: Vec<String>,
    pub conditions: Vec<ConditionWhy>,
    /// The workloads it serves (for `iam:PassRole`, the roles it passes).
    pub serves: Vec<Named>,
    pub why: String,
    /// Why the resource is `*`, when it is.
    pub why_wildcard: Option<String>,
    /// For a statement the spec declares, its name in the role or caller
    /// block: the user's grant, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    /// S3 key prefixes without their final `/` that the statement reaches,
    /// each with a neighbour it also covers (the `open-prefix` warning).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open_prefixes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionWhy {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

impl From<&Condition> for ConditionWhy {
    fn from(c: &Condition) -> Self {
        ConditionWhy {
            operator: c.operator.clone(),
            key: c.key.clone(),
            values: c.values.iter().map(|v| v.symbolic()).collect(),
        }
    }
}

/// Spec lines by name: of the workload blocks, and of the roles, where a
/// role without a block of its own is declared by its workload.
struct Lines {
    workloads: BTreeMap<String, usize>,
    roles: BTreeMap<String, usize>,
}

fn lines(raw: &RawSpec, source: &Source) -> Lines {
    let line = |offset: usize| source.line_col(offset).0;
    let workloads: BTreeMap<String, usize> = raw
        .workloads
        .iter()
        .map(|w| (w.name.value.clone(), line(w.name.span.start)))
        .collect();
    let mut roles = workloads.clone();
    for r in &raw.roles {
        roles.insert(r.name.value.clone(), line(r.name.span.start));
    }
    Lines { workloads, roles }
}

fn named(names: &[impl AsRef<str>], lines: &BTreeMap<String, usize>) -> Vec<Named> {
    names
        .iter()
        .map(|n| Named {
            name: n.as_ref().to_string(),
            line: lines.get(n.as_ref()).copied(),
        })
        .collect()
}

fn statements(p: &Policy, lines: &Lines) -> Vec<StatementWhy> {
    p.statements
        .iter()
        .map(|st| {
            // PassRole statements serve roles; every other one, workloads.
            let names = if st.actions.iter().any(|a| a == "iam:PassRole") {
                &lines.roles
            } else {
                &lines.workloads
            };
            StatementWhy {
                sid: st.sid.clone(),
                actions: st.actions.clone(),
                resources: st.resources.iter().map(|r| r.symbolic()).collect(),
                conditions: st.conditions.iter().map(ConditionWhy::from).collect(),
                serves: named(&st.why.serves, names),
                why: st.why.reason.clone(),
                why_wildcard: st.why.wildcard.clone(),
                declared: st.why.declared.clone(),
                open_prefixes: open_prefixes(st),
            }
        })
        .collect()
}

/// The S3 key prefixes without a final `/` that a statement's resources
/// (`bucket/models*`) or its `s3:prefix` condition (`models*`) name, as
/// [`S3Location::open_prefix`] decides, with a neighbour each also covers.
fn open_prefixes(st: &crate::model::Statement) -> Vec<String> {
    use crate::model::resource::S3Location;
    let mut out = Vec::new();
    for r in &st.resources {
        let text = r.symbolic();
        let Some((_, path)) = text.split_once(":s3:::") else {
            continue;
        };
        let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
        let listed = st
            .conditions
            .iter()
            .filter(|c| c.key == "s3:prefix")
            .flat_map(|c| c.values.iter().map(|v| v.symbolic()));
        for key in std::iter::once(key.to_string()).chain(listed) {
            let Some(prefix) = key.strip_suffix('*') else {
                continue;
            };
            let l = S3Location {
                bucket: bucket.to_string(),
                prefix: prefix.to_string(),
            };
            if let Some(next) = l.open_prefix() {
                let note = format!(
                    "s3://{bucket}/{prefix} has no final `/`: this also covers s3://{bucket}/{next}"
                );
                if !out.contains(&note) {
                    out.push(note);
                }
            }
        }
    }
    out
}

/// `Ok` when `only` is none or names a role or caller of the model; else a
/// diagnostic that lists the names there are.
fn known(model: &Model, only: Option<&str>) -> Result<(), Diagnostic> {
    let roles: Vec<&str> = model.roles.iter().map(|r| r.key.as_str()).collect();
    let callers: Vec<&str> = model.callers.iter().map(|c| c.key.as_str()).collect();
    if let Some(o) = only.filter(|o| !roles.contains(o) && !callers.contains(o)) {
        let list = |kind: &str, names: &[&str]| {
            let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
            match quoted.len() {
                0 => format!("no {kind}s"),
                1 => format!("{kind} {}", quoted[0]),
                _ => format!("{kind}s {}", quoted.join(", ")),
            }
        };
        let there = format!(
            "has {} and {}",
            list("role", &roles),
            list("caller", &callers)
        );
        let help = match crate::suggest::did_you_mean(o, roles.iter().chain(&callers).copied()) {
            Some(s) => format!("did you mean {s:?}? The spec {there}"),
            None => format!("the spec {there}"),
        };
        return Err(Diagnostic::error(
            Kind::UnknownReference,
            "",
            None,
            format!("no role or caller named {o:?}"),
        )
        .with_help(help));
    }
    Ok(())
}

/// The explanation of every role and caller, or of the one named `only`
/// (a role or caller name in the spec). An unknown name is a diagnostic
/// that lists the names there are.
pub fn explain(
    model: &Model,
    raw: &RawSpec,
    source: &Source,
    only: Option<&str>,
) -> Result<Explanation, Diagnostic> {
    known(model, only)?;
    let lines = lines(raw, source);
    let line_of = |offset: usize| Some(source.line_col(offset).0);
    Ok(Explanation {
        file: source.name.clone(),
        roles: model
            .roles
            .iter()
            .filter(|r| only.is_none_or(|o| o == r.key))
            .map(|r| RoleWhy {
                key: r.key.clone(),
                // `${name}` where the name_prefix is an input.
                name: crate::spec::raw::reference::shown(&r.name),
                existing: r.existing.as_ref().map(|i| i.name()),
                line: lines.roles.get(&r.key).copied(),
                runs: named(&r.workloads, &lines.workloads),
                trust: TrustWhy {
                    service: r.trust.service.clone(),
                    conditions: r.trust.conditions.iter().map(ConditionWhy::from).collect(),
                    why: r.trust.reason.clone(),
                    warning: r.trust.warning.clone(),
                },
                aws_managed: r
                    .aws_managed
                    .iter()
                    .map(|m| ManagedWhy {
                        name: m.name.clone(),
                        warning: m.reason.clone(),
                    })
                    .collect(),
                statements: statements(&r.policy, &lines),
            })
            .collect(),
        callers: model
            .callers
            .iter()
            .filter(|c| only.is_none_or(|o| o == c.key))
            .map(|c| CallerWhy {
                key: c.key.clone(),
                principal: c.principal.clone(),
                line: raw
                    .callers
                    .iter()
                    .find(|rc| rc.name.value == c.key)
                    .and_then(|rc| line_of(rc.name.span.start)),
                statements: statements(&c.policy, &lines),
            })
            .collect(),
    })
}

fn serves(names: &[Named]) -> String {
    names
        .iter()
        .map(|n| match n.line {
            Some(l) => format!("{} (line {l})", n.name),
            None => n.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn condition_lines(out: &mut String, conditions: &[ConditionWhy]) {
    for c in conditions {
        out.push_str(&format!(
            "    if:      {} {} [{}]\n",
            c.operator,
            c.key,
            c.values.join(", ")
        ));
    }
}

fn statement_lines(out: &mut String, statements: &[StatementWhy]) {
    for st in statements {
        out.push_str(&format!(
            "  {}: {} on {}\n",
            st.sid,
            st.actions.join(", "),
            st.resources.join(", ")
        ));
        condition_lines(out, &st.conditions);
        out.push_str(&format!("    serves:  {}\n", serves(&st.serves)));
        out.push_str(&format!("    why:     {}\n", st.why));
        if let Some(w) = &st.why_wildcard {
            out.push_str(&format!("    why \"*\": {w}\n"));
        }
        for note in &st.open_prefixes {
            out.push_str(&format!("    warning: {note}\n"));
        }
    }
}

impl Explanation {
    /// The explanation for people: one paragraph per role and caller.
    pub fn text(&self) -> String {
        let file = self.file.as_str();
        let at = |line: Option<usize>| line.map(|l| format!(", {file}:{l}")).unwrap_or_default();
        let mut out = String::new();
        for r in &self.roles {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!(
                "role {:?} ({}{}): runs {}\n",
                r.key,
                r.name,
                at(r.line),
                serves(&r.runs)
            ));
            match &r.existing {
                Some(input) => out.push_str(&format!(
                    "  trust: its owner's (existing role, named by input {input}); it should allow sts:AssumeRole by {}\n",
                    r.trust.service
                )),
                None => {
                    out.push_str(&format!("  trust: sts:AssumeRole by {}\n", r.trust.service))
                }
            }
            condition_lines(&mut out, &r.trust.conditions);
            out.push_str(&format!("    why:     {}\n", r.trust.why));
            if let Some(w) = &r.trust.warning {
                out.push_str(&format!("    WARNING: {w}\n"));
            }
            for m in &r.aws_managed {
                out.push_str(&format!(
                    "  AWS managed policy {}\n    WARNING: {}\n",
                    m.name, m.warning
                ));
            }
            statement_lines(&mut out, &r.statements);
        }
        for c in &self.callers {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!(
                "caller {:?} ({}{})\n",
                c.key,
                c.principal,
                at(c.line)
            ));
            statement_lines(&mut out, &c.statements);
        }
        out
    }
}

/// Every role's and caller's reach (or one's): `explain --reach`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReachExplanation {
    pub file: String,
    pub principals: Vec<PrincipalReach>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipalReach {
    /// `role` or `caller`.
    pub kind: String,
    pub key: String,
    /// The IAM role name, or the caller's principal.
    pub name: String,
    pub line: Option<usize>,
    pub grants: Vec<GrantReach>,
    /// AWS managed policies it holds or acts with.
    pub aws_managed: Vec<ManagedReach>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrantReach {
    /// Empty when the principal holds the statement itself.
    pub path: Vec<Step>,
    pub sid: String,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    pub conditions: Vec<ConditionWhy>,
    /// The workloads it serves (for `iam:PassRole`, the roles it passes).
    pub serves: Vec<Named>,
    /// Resources that no workload launched into the role on any path
    /// needs: the role holds them for its other workloads.
    pub not_needed: Vec<String>,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagedReach {
    pub path: Vec<Step>,
    pub name: String,
}

fn grant_reach(g: &Reached, lines: &Lines) -> GrantReach {
    let st = &g.statement;
    let why = statements(
        &Policy {
            statements: vec![std::sync::Arc::clone(st)],
        },
        lines,
    )
    .remove(0);
    GrantReach {
        path: g.path.clone(),
        sid: why.sid,
        actions: why.actions,
        resources: why.resources,
        conditions: why.conditions,
        serves: why.serves,
        not_needed: g.unneeded.iter().map(|r| r.symbolic()).collect(),
        why: why.why,
    }
}

/// The reach of every role and caller, or of the one named `only`.
pub fn reach(
    model: &Model,
    raw: &RawSpec,
    source: &Source,
    only: Option<&str>,
) -> Result<ReachExplanation, Diagnostic> {
    known(model, only)?;
    let lines = lines(raw, source);
    let line_of = |offset: usize| Some(source.line_col(offset).0);
    let principals = crate::model::reach::reach(model)
        .into_iter()
        .filter(|r| only.is_none_or(|o| o == r.key))
        .map(|r| PrincipalReach {
            kind: r.kind.to_string(),
            line: match r.kind {
                "role" => lines.roles.get(&r.key).copied(),
                _ => raw
                    .callers
                    .iter()
                    .find(|c| c.name.value == r.key)
                    .and_then(|c| line_of(c.name.span.start)),
            },
            grants: r.grants.iter().map(|g| grant_reach(g, &lines)).collect(),
            aws_managed: r
                .managed
                .iter()
                .map(|(path, name)| ManagedReach {
                    path: path.clone(),
                    name: name.clone(),
                })
                .collect(),
            key: r.key,
            name: r.name,
        })
        .collect();
    Ok(ReachExplanation {
        file: source.name.clone(),
        principals,
    })
}

/// ` → launches rank → role recs-jobs`: the hops after the principal.
fn path_text(path: &[Step]) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" → {}", crate::model::reach::path_text(path))
    }
}

impl ReachExplanation {
    /// The reach for people: per role and caller, one entry per statement,
    /// each starting with the path that gives it.
    pub fn text(&self) -> String {
        let file = self.file.as_str();
        let mut out = String::new();
        for p in &self.principals {
            if !out.is_empty() {
                out.push('\n');
            }
            let at = p.line.map(|l| format!(", {file}:{l}")).unwrap_or_default();
            let through = p.grants.iter().filter(|g| !g.path.is_empty()).count();
            out.push_str(&format!(
                "{} {:?} ({}{at}): reaches {} statements, {through} of them by acting as another role\n",
                p.kind,
                p.key,
                p.name,
                p.grants.len(),
            ));
            let me = format!("{} {}", p.kind, p.key);
            for m in &p.aws_managed {
                out.push_str(&format!(
                    "  {me}{} → AWS managed policy {}\n",
                    path_text(&m.path),
                    m.name
                ));
            }
            for g in &p.grants {
                out.push_str(&format!(
                    "  {me}{} → {}: {} on {}\n",
                    path_text(&g.path),
                    g.sid,
                    g.actions.join(", "),
                    g.resources.join(", ")
                ));
                condition_lines(&mut out, &g.conditions);
                if !g.path.is_empty() {
                    out.push_str(&format!("    serves:  {}\n", serves(&g.serves)));
                }
                if !g.not_needed.is_empty() {
                    let role = g.path.last().map_or("", |s| s.role_name.as_str());
                    let how = match g.path.last().and_then(|s| s.launches.as_deref()) {
                        Some(w) => format!(
                            "not what {w} needs: role {role} holds it for its other workloads"
                        ),
                        None => format!(
                            "passing role {role} lets it launch anything it launches as that role"
                        ),
                    };
                    out.push_str(&format!(
                        "    beyond:  {} ({how})\n",
                        g.not_needed.join(", ")
                    ));
                }
            }
        }
        out
    }
}
