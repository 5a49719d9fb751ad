//! `sagerole explain`: why each statement exists.
//!
//! For every role and caller, each statement with the workloads it serves
//! (and where the spec declares them), the AWS requirement behind it, and,
//! for a `*` resource, why nothing narrower exists. The text comes from the
//! statements' [`Why`](crate::model::Why), the same source as the comments
//! of the Terraform module and the `Metadata` of the CloudFormation template.

use std::collections::BTreeMap;

use crate::diagnostic::Source;
use crate::model::{Model, Policy};
use crate::spec::raw::RawSpec;

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

fn serves(names: &[String], lines: &BTreeMap<String, usize>) -> String {
    names
        .iter()
        .map(|n| match lines.get(n) {
            Some(l) => format!("{n} (line {l})"),
            None => n.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn policy(out: &mut String, p: &Policy, lines: &Lines) {
    for st in &p.statements {
        // PassRole statements serve roles; every other one, workloads.
        let names = if st.actions.iter().any(|a| a == "iam:PassRole") {
            &lines.roles
        } else {
            &lines.workloads
        };
        let resources: Vec<String> = st.resources.iter().map(|r| r.symbolic()).collect();
        out.push_str(&format!(
            "  {}: {} on {}\n",
            st.sid,
            st.actions.join(", "),
            resources.join(", ")
        ));
        for c in &st.conditions {
            out.push_str(&format!("    if:      {c}\n"));
        }
        out.push_str(&format!("    serves:  {}\n", serves(&st.why.serves, names)));
        out.push_str(&format!("    why:     {}\n", st.why.reason));
        if let Some(w) = &st.why.wildcard {
            out.push_str(&format!("    why \"*\": {w}\n"));
        }
    }
}

/// The explanation of every role and caller, or of the one named `only`
/// (a role or caller name in the spec). `Err` names the unknown name.
pub fn explain(
    model: &Model,
    raw: &RawSpec,
    source: &Source,
    only: Option<&str>,
) -> Result<String, String> {
    let names: Vec<&str> = model
        .roles
        .iter()
        .map(|r| r.key.as_str())
        .chain(model.callers.iter().map(|c| c.key.as_str()))
        .collect();
    if let Some(o) = only {
        if !names.contains(&o) {
            let hint = crate::suggest::did_you_mean(o, names.iter().copied())
                .map(|s| format!("; did you mean {s:?}?"))
                .unwrap_or_default();
            return Err(format!(
                "no role or caller named {o:?} in {}{hint}",
                source.name
            ));
        }
    }
    let lines = lines(raw, source);
    let file = source.name.as_str();
    let mut out = String::new();
    for r in model
        .roles
        .iter()
        .filter(|r| only.is_none_or(|o| o == r.key))
    {
        if !out.is_empty() {
            out.push('\n');
        }
        let at = lines
            .roles
            .get(&r.key)
            .map(|l| format!(", {file}:{l}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "role {:?} ({}{at}): runs {}\n",
            r.key,
            r.name,
            serves(&r.workloads, &lines.workloads)
        ));
        out.push_str(&format!("  trust: sts:AssumeRole by {}\n", r.trust.service));
        for c in &r.trust.conditions {
            out.push_str(&format!("    if:      {c}\n"));
        }
        out.push_str(&format!("    why:     {}\n", r.trust.reason));
        if let Some(w) = &r.trust.warning {
            out.push_str(&format!("    WARNING: {w}\n"));
        }
        for m in &r.aws_managed {
            out.push_str(&format!(
                "  AWS managed policy {}\n    WARNING: {}\n",
                m.name, m.reason
            ));
        }
        policy(&mut out, &r.policy, &lines);
    }
    for c in model
        .callers
        .iter()
        .filter(|c| only.is_none_or(|o| o == c.key))
    {
        if !out.is_empty() {
            out.push('\n');
        }
        let at = raw
            .callers
            .iter()
            .find(|rc| rc.name.value == c.key)
            .map(|rc| format!(", {file}:{}", source.line_col(rc.name.span.start).0))
            .unwrap_or_default();
        out.push_str(&format!("caller {:?} ({}{at})\n", c.key, c.principal));
        policy(&mut out, &c.policy, &lines);
    }
    Ok(out)
}
